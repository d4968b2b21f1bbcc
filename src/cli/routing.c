/* ventanilla routing train|evaluate: the learned classifier, from the
 * command line. train stores each administration's model (as the server
 * does periodically); evaluate holds out every fifth distinct text of the
 * resolved tickets, trains on the rest and prints how well it routes them:
 * accuracy, precision and recall per department, and the confusion matrix. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "routing/classifier.h"
#include "routing/route.h"

#define EXAMPLES_PER_TENANT 20000

/* The tenants the command works on: --tenant CODE, or all of them. */
static int pick_tenants(struct vt_store *st, const char *code, struct vt_tenant **items,
                        size_t *n) {
  struct vt_scope all = {.all = true};
  if (st->tenants_list(st, &all, items, n) != VT_QS_ONE)
    return -1;
  if (!code)
    return 0;
  size_t keep = 0;
  for (size_t i = 0; i < *n; i++) {
    if (!strcmp((*items)[i].code, code))
      (*items)[keep++] = (*items)[i];
    else
      vt_tenant_release(&(*items)[i]);
  }
  *n = keep;
  if (!keep) {
    fprintf(stderr, "ventanilla: no administration %s\n", code);
    return -1;
  }
  return 0;
}

static int train(struct vt_store *st, struct vt_tenant *t, size_t n) {
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    long used = vt_route_train(st, t[i].id);
    if (used < 0) {
      fprintf(stderr, "ventanilla: training %s failed\n", t[i].code);
      rc = 1;
    } else if (used == 0) {
      printf("%-6s too few resolved tickets with a department: not trained\n", t[i].code);
    } else {
      printf("%-6s trained on %ld resolved tickets\n", t[i].code, used);
    }
  }
  return rc;
}

static void print_eval(const struct vt_classifier_eval *ev) {
  printf("examples: %zu distinct texts (%zu repeats dropped): %zu to train, %zu held out\n",
         ev->train + ev->test, ev->duplicates, ev->train, ev->test);
  printf("accuracy: %.1f %% (%zu of %zu held-out texts routed to their department)\n\n",
         ev->accuracy * 100, ev->correct, ev->test);
  printf("%-22s %9s %9s %8s\n", "department", "precision", "recall", "support");
  for (size_t i = 0; i < ev->nlabels; i++) {
    const struct vt_classifier_label_eval *l = &ev->per_label[i];
    printf("%-22s %8.1f%% %8.1f%% %8zu\n", l->label, l->precision * 100, l->recall * 100,
           l->support);
  }
  printf("\nconfusion matrix (rows: the real department; columns: the predicted one, in the\n"
         "order of the rows):\n");
  for (size_t r = 0; r < ev->nlabels; r++) {
    printf("%-22s", ev->labels[r]);
    for (size_t c = 0; c < ev->nlabels; c++)
      printf(" %3zu", ev->confusion[r * ev->nlabels + c]);
    printf("\n");
  }
}

/* Pools the examples of the tenants (labels are department codes, which
 * the municipalities share) and evaluates once. */
static int evaluate(struct vt_store *st, struct vt_tenant *t, size_t n) {
  struct vt_classifier_example *ex = NULL;
  struct vt_routing_example **keep = calloc(n ? n : 1, sizeof *keep);
  size_t *kept = calloc(n ? n : 1, sizeof *kept);
  size_t total = 0;
  int rc = 0;
  for (size_t i = 0; i < n && keep && kept; i++) {
    if (st->routing_examples(st, t[i].id, EXAMPLES_PER_TENANT, &keep[i], &kept[i]) != VT_QS_ONE) {
      rc = 1;
      break;
    }
    total += kept[i];
  }
  if (!rc && total) {
    ex = calloc(total, sizeof *ex);
    size_t k = 0;
    /* Oldest first: the split then holds out later texts, as real use would. */
    for (size_t i = 0; ex && i < n; i++)
      for (size_t j = kept[i]; j-- > 0;)
        ex[k++] = (struct vt_classifier_example){keep[i][j].text, keep[i][j].label, NULL};
    struct vt_classifier_eval ev;
    const char *err = NULL;
    if (ex && vt_classifier_evaluate(ex, total, NULL, 5, &ev, &err)) {
      print_eval(&ev);
      vt_classifier_eval_release(&ev);
    } else {
      fprintf(stderr, "ventanilla: cannot evaluate: %s\n", err ? err : "out of memory");
      rc = 1;
    }
  } else if (!rc) {
    fprintf(stderr, "ventanilla: no resolved tickets with a department to learn from\n");
    rc = 1;
  }
  free(ex);
  for (size_t i = 0; keep && i < n; i++)
    if (keep[i])
      VT_RELEASE_ARRAY(keep[i], kept[i], vt_routing_example_release);
  free(keep);
  free(kept);
  return rc;
}

int vt_cmd_routing(int argc, char **argv) {
  if (argc < 1 || (strcmp(argv[0], "train") && strcmp(argv[0], "evaluate"))) {
    fprintf(stderr, "usage: ventanilla routing train|evaluate --db PATH [--tenant CODE]\n");
    return 2;
  }
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return 2;
  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st)
    return 1;
  struct vt_tenant *t = NULL;
  size_t n = 0;
  int rc = pick_tenants(st, vt_cli_flag(argc, argv, "--tenant"), &t, &n);
  if (rc == 0)
    rc = !strcmp(argv[0], "train") ? train(st, t, n) : evaluate(st, t, n);
  else
    rc = 1;
  if (t)
    VT_RELEASE_ARRAY(t, n, vt_tenant_release);
  st->close(st);
  return rc;
}
