/* A background thread that calls a function every few seconds until
 * stopped (stopping wakes it at once). For the node's housekeeping: the
 * chat sweeper, the classifiers' retraining. */
#ifndef VT_PERIODIC_H
#define VT_PERIODIC_H

struct vt_periodic;
/* Starts a thread calling fn(arg) every interval_s seconds (first call
 * after one interval). NULL if the thread cannot start (logged). */
struct vt_periodic *vt_periodic_start(const char *name, int interval_s, void (*fn)(void *),
                                      void *arg);
/* Waits for a call in progress to finish, then stops; NULL is fine. */
void vt_periodic_stop(struct vt_periodic *p);

#endif
