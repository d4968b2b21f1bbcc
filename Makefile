# ventanilla — build, run and test. `make` builds ./ventanilla; `make run` and
# `make test` also install what is missing (see scripts/deps.sh).

PKGS     := libmicrohttpd jansson sqlite3 libsodium libutf8proc libpq gmime-3.0 libcurl libpcre2-8 libcmark
CC       ?= cc
CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wno-unused-parameter -Wformat=2 -Wvla
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libstemmer (Snowball) ships no pkg-config file.
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer
INCLUDES := -Isrc -Ibuild/gen

RELEASE_FLAGS := -O2 -g
ASAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                 -fno-sanitize-recover=undefined

SRCS := $(shell find src -name '*.c' | sort)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
MIGRATIONS := $(sort $(wildcard src/store/migrations/sqlite/*.sql src/store/migrations/postgres/*.sql))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
WEB_FILES := $(shell find web -type f ! -name '.*' | LC_ALL=C sort)

# Build flavours: release (build/release) and sanitizers (build/asan).
define flavour
$(1)_OBJS := $$(patsubst src/%.c,build/$(1)/%.o,$$(LIB_SRCS)) build/$(1)/gen/embedded.o
build/$(1)/%.o: src/%.c | build/gen/embedded.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(WARN) $(2) $$(INCLUDES) $$(PKG_CFLAGS) -MMD -MP -c $$< -o $$@
build/$(1)/gen/embedded.o: build/gen/embedded.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $(2) -c $$< -o $$@
build/$(1)/ventanilla: build/$(1)/main.o $$($(1)_OBJS)
	$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS) -lpthread -lm
build/$(1)/tests/%: tests/unit/%.c $$($(1)_OBJS)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(WARN) $(2) $$(INCLUDES) $$(PKG_CFLAGS) -MMD -MP -o $$@ $$< $$($(1)_OBJS) \
	  $$(PKG_LIBS) $$(shell pkg-config --libs cmocka) -lpthread -lm
-include $$(shell find build/$(1) -name '*.d' 2>/dev/null)
endef

.PHONY: all run test deps-build deps-test clean format bench asan unit
all: ventanilla

$(eval $(call flavour,release,$(RELEASE_FLAGS)))
$(eval $(call flavour,asan,$(ASAN_FLAGS)))

ventanilla: build/release/ventanilla
	cp $< $@.tmp && mv -f $@.tmp $@

asan: build/asan/ventanilla

build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

# Migrations and the web front ends are compiled into the binary.
build/gen/embedded.c: build/tools/embed $(MIGRATIONS) $(WEB_FILES) Makefile
	@mkdir -p $(dir $@)
	build/tools/embed $@ $(MIGRATIONS) $(WEB_FILES)

UNIT_BINS := $(patsubst tests/unit/%.c,build/asan/tests/%,$(UNIT_SRCS))
unit: $(UNIT_BINS)

deps-build:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test

run: deps-build
	$(MAKE) ventanilla
	@mkdir -p var
	./ventanilla migrate --db var/ventanilla.db
	./ventanilla demo --db var/ventanilla.db
	@echo ""
	@echo "  Citizen portal:   http://localhost:8080/"
	@echo "  Agents' console:  http://localhost:8080/agent/"
	@echo "                    agente1.mos@ventanilla.example, supervisor.cm@ventanilla.example"
	@echo "                    or admin@ventanilla.example, password ventanilla-demo"
	@echo "  Live chat:        the sample page printed above (\"demo: live chat ...\");"
	@echo "                    an agent switches on \"Disponible para chat\" in the console"
	@echo ""
	./ventanilla serve --db var/ventanilla.db --listen 127.0.0.1:8080

test: deps-test
	$(MAKE) asan unit
	tests/run.sh build/asan/ventanilla $(UNIT_BINS)

build/release/bench/store_create: bench/store_create.c $(release_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) $(INCLUDES) $(PKG_CFLAGS) -o $@ $< $(release_OBJS) \
	  $(PKG_LIBS) -lpthread -lm

build/release/bench/mail_ingest: bench/mail_ingest.c $(release_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) $(INCLUDES) $(PKG_CFLAGS) -o $@ $< $(release_OBJS) \
	  $(PKG_LIBS) -lpthread -lm

build/release/bench/routing_bench: bench/routing_bench.c $(release_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) $(INCLUDES) $(PKG_CFLAGS) -o $@ $< $(release_OBJS) \
	  $(PKG_LIBS) -lpthread -lm

build/release/bench/sla_bench: bench/sla_bench.c $(release_OBJS)
build/release/bench/reports_bench: bench/reports_bench.c $(release_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) $(INCLUDES) $(PKG_CFLAGS) -o $@ $< $(release_OBJS) \
	  $(PKG_LIBS) -lpthread -lm

build/release/bench/sse_fanout: bench/sse_fanout.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) -o $@ $<

build/release/bench/chat_bench: bench/chat_bench.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) -o $@ $<

.PHONY: bench-chat
bench-chat: ventanilla build/release/bench/chat_bench
	bench/chat.sh ./ventanilla

.PHONY: bench-sla
bench-sla: ventanilla build/release/bench/sla_bench build/release/bench/store_create
	bench/sla.sh
.PHONY: bench-reports
bench-reports: ventanilla build/release/bench/reports_bench
	bench/reports.sh

.PHONY: bench-routing
bench-routing: build/release/bench/routing_bench
	bench/routing.sh

bench: ventanilla build/release/bench/store_create build/release/bench/sse_fanout \
       build/release/bench/mail_ingest
	@scripts/deps.sh bench
	bench/run.sh ./ventanilla sqlite
	bench/run.sh ./ventanilla postgres
	bench/sse.sh ./ventanilla
	bench/mail.sh ./ventanilla

format:
	clang-format -i $(SRCS) $(UNIT_SRCS) tools/*.c

clean:
	rm -rf build ventanilla
