/*
 * The C test program of cop: every function of cop.h, its results and its error paths, with
 * values checked by hand against the bundled data (examples/data/README.md).
 *
 *   test DATA_CSV SCRATCH_DIR
 *
 * DATA_CSV is examples/data/requests-commits.csv (flask-commits.csv is read from the same
 * directory); SCRATCH_DIR a writable directory for the exported files and snapshots. Compiled as C99 and as C++ by cop-ffi/ctest/run.sh, which also
 * checks that every function of the header is named here. Prints one line per failed check and
 * closes with `C tests: N passed, M failed`.
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#endif
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cop.h"

static int passed = 0;
static int failed = 0;

static void check(int ok, const char *what, int line) {
    if (ok) {
        passed++;
    } else {
        failed++;
        fprintf(stderr, "test.c:%d: FAILED: %s\n", line, what);
    }
}

#define CHECK(condition) check((condition) ? 1 : 0, #condition, __LINE__)

static const char *text_or_null(const char *text) { return text ? text : "(null)"; }

/* Checks a call's status; on a mismatch prints both names and the last error message. */
static void check_status(CopStatus got, CopStatus expected, const char *call, int line) {
    if (got == expected) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "test.c:%d: FAILED: %s\n    returned %s, expected %s; last error: %s\n",
            line, call, text_or_null(cop_status_name(got)),
            text_or_null(cop_status_name(expected)), text_or_null(cop_last_error_message()));
}

#define CHECK_STATUS(call, expected) check_status((call), (expected), #call, __LINE__)
#define CHECK_OK(call) check_status((call), COP_STATUS_OK, #call, __LINE__)

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

static int starts_with(const char *text, const char *prefix) {
    return text != NULL && strncmp(text, prefix, strlen(prefix)) == 0;
}

static int equal(const char *a, const char *b) {
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The last error message contains `needle` (printed when it does not). */
static int error_says(const char *needle) {
    const char *message = cop_last_error_message();
    if (contains(message, needle)) {
        return 1;
    }
    fprintf(stderr, "    last error: %s\n    expected it to contain: %s\n",
            text_or_null(message), needle);
    return 0;
}

/* Checks a handed-out string and frees it. */
static int take_string(char *string, const char *expected) {
    int ok = equal(string, expected);
    if (!ok) {
        fprintf(stderr, "    got \"%s\", expected \"%s\"\n", text_or_null(string), expected);
    }
    cop_string_free(string);
    return ok;
}

static CopEvent event_of(uint32_t member, int64_t time, uint32_t kind) {
    CopEvent event;
    event.member = member;
    event.time = time;
    event.kind = kind;
    event.community = COP_DEFAULT_COMMUNITY;
    event.domain = COP_NONE;
    event.target = COP_NONE;
    event.artifact = COP_NONE;
    event.weight = NAN;
    event.thread = COP_NONE;
    return event;
}

static CopKeyedEvent keyed_of(const char *member, int64_t time, const char *kind) {
    CopKeyedEvent event;
    event.member = member;
    event.time = time;
    event.kind = kind;
    event.community = NULL;
    event.domain = NULL;
    event.target = NULL;
    event.artifact = NULL;
    event.weight = NAN;
    event.thread = NULL;
    return event;
}

static CopImportOptions options_of(bool strict, bool skip_bad_records, const char *source) {
    CopImportOptions options;
    options.strict = strict;
    options.skip_bad_records = skip_bad_records;
    options.source = source;
    return options;
}

static CopCounts counts_of(const CopLandscape *landscape) {
    CopCounts counts;
    memset(&counts, 0xff, sizeof counts);
    CHECK_OK(cop_landscape_counts(landscape, &counts));
    return counts;
}

static CopLandscape *new_landscape(void) {
    CopLandscape *landscape = NULL;
    CHECK_OK(cop_landscape_new(&landscape));
    CHECK(landscape != NULL);
    return landscape;
}

/* 2024-01-01T00:00:00Z */
#define T0 INT64_C(1704067200)

static char scratch_path_buffer[4][4096];

static const char *scratch(const char *dir, int slot, const char *name) {
    snprintf(scratch_path_buffer[slot], sizeof scratch_path_buffer[slot], "%s/%s", dir, name);
    return scratch_path_buffer[slot];
}

/* ----- versions and statuses ------------------------------------------------------------- */

static void test_versions(void) {
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", COP_VERSION_MAJOR, COP_VERSION_MINOR,
             COP_VERSION_PATCH);
    CHECK(equal(cop_version(), COP_VERSION));
    CHECK(equal(cop_version(), expected));
    CHECK(cop_abi_version() == COP_ABI_VERSION);
    CHECK(COP_ABI_VERSION == 14);
    CHECK(COP_NONE == UINT32_MAX);
    CHECK(COP_DEFAULT_COMMUNITY == 0);
}

static void test_statuses(void) {
    /* Nothing has failed on this thread yet. */
    CHECK(cop_last_error_message() == NULL);
    CHECK(cop_last_error_field() == NULL);
    CHECK(cop_last_error_line() == 0);
    CHECK(cop_last_error_column() == 0);

    /* Explicit values, never renumbered. */
    CHECK(COP_STATUS_OK == 0);
    CHECK(COP_STATUS_NULL_ARGUMENT == 1);
    CHECK(COP_STATUS_INVALID_UTF8 == 2);
    CHECK(COP_STATUS_PANIC == 3);
    CHECK(COP_STATUS_UNKNOWN_KEY == 4);
    CHECK(COP_STATUS_UNKNOWN_ID == 5);
    CHECK(COP_STATUS_DUPLICATE_KEY == 6);
    CHECK(COP_STATUS_DOMAIN_CYCLE == 7);
    CHECK(COP_STATUS_INVALID_VALUE == 8);
    CHECK(COP_STATUS_RECORD == 9);
    CHECK(COP_STATUS_SNAPSHOT == 10);
    CHECK(COP_STATUS_SNAPSHOT_VERSION == 11);
    CHECK(COP_STATUS_CAPACITY == 12);
    CHECK(COP_STATUS_IO == 13);

    CHECK(equal(cop_status_name(COP_STATUS_OK), "ok"));
    CHECK(equal(cop_status_name(COP_STATUS_NULL_ARGUMENT), "null_argument"));
    CHECK(equal(cop_status_name(COP_STATUS_INVALID_UTF8), "invalid_utf8"));
    CHECK(equal(cop_status_name(COP_STATUS_PANIC), "panic"));
    CHECK(equal(cop_status_name(COP_STATUS_UNKNOWN_KEY), "unknown_key"));
    CHECK(equal(cop_status_name(COP_STATUS_UNKNOWN_ID), "unknown_id"));
    CHECK(equal(cop_status_name(COP_STATUS_DUPLICATE_KEY), "duplicate_key"));
    CHECK(equal(cop_status_name(COP_STATUS_DOMAIN_CYCLE), "domain_cycle"));
    CHECK(equal(cop_status_name(COP_STATUS_INVALID_VALUE), "invalid_value"));
    CHECK(equal(cop_status_name(COP_STATUS_RECORD), "record"));
    CHECK(equal(cop_status_name(COP_STATUS_SNAPSHOT), "snapshot"));
    CHECK(equal(cop_status_name(COP_STATUS_SNAPSHOT_VERSION), "snapshot_version"));
    CHECK(equal(cop_status_name(COP_STATUS_CAPACITY), "capacity"));
    CHECK(equal(cop_status_name(COP_STATUS_IO), "io"));
    CHECK(cop_status_name(14) == NULL);
    CHECK(cop_status_name(UINT32_MAX) == NULL);
}

/* ----- handles, NULL arguments, the last error ------------------------------------------- */

static void test_handles_and_null_arguments(void) {
    CopLandscape *landscape = NULL;
    CopCounts counts;
    uint32_t id = 12345;
    char *key = NULL;

    CHECK_STATUS(cop_landscape_new(NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `out` is NULL"));
    CHECK_OK(cop_landscape_new(&landscape));
    CHECK(landscape != NULL);
    CHECK(cop_last_error_message() == NULL); /* a success clears the last error */

    /* A fresh landscape holds only its default community. */
    counts = counts_of(landscape);
    CHECK(counts.members == 0 && counts.events == 0 && counts.domains == 0);
    CHECK(counts.communities == 1 && counts.artifacts == 0);

    CHECK_STATUS(cop_landscape_counts(NULL, &counts), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `landscape` is NULL"));
    CHECK_STATUS(cop_landscape_counts(landscape, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("`out_counts`"));
    CHECK_STATUS(cop_landscape_add_member(NULL, "ada", &id), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_add_member(landscape, NULL, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `key` is NULL"));
    CHECK(id == 12345); /* out-params are written only on success */
    CHECK_STATUS(cop_landscape_member_id(landscape, "ada", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_member_key(landscape, 0, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_member_key(NULL, 0, &key), COP_STATUS_NULL_ARGUMENT);
    CHECK(key == NULL);
    CHECK_STATUS(cop_landscape_summary_json(landscape, 3, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_save_snapshot_string(NULL, &key), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_kind(landscape, "ask", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_set_kind_weight(NULL, 0, 1.0), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_set_domain_parent(NULL, 0, COP_NONE), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_add_community_domain(NULL, 0, 0), COP_STATUS_NULL_ARGUMENT);

    /* The free functions, cop_version and the accessors leave the last error alone. */
    CHECK_STATUS(cop_landscape_add_member(landscape, NULL, NULL), COP_STATUS_NULL_ARGUMENT);
    cop_string_free(NULL);
    cop_landscape_free(NULL);
    CHECK(equal(cop_version(), COP_VERSION));
    CHECK(error_says("argument `key` is NULL"));

    cop_landscape_free(landscape);
}

/* ----- members, domains, communities ----------------------------------------------------- */

static void test_entities(void) {
    CopLandscape *landscape = new_landscape();
    CopCounts counts;
    uint32_t id = 12345;
    uint32_t testing = COP_NONE, performance = COP_NONE, docs = COP_NONE, guild = COP_NONE;
    char *key = NULL;

    /* Members. */
    CHECK_OK(cop_landscape_add_member(landscape, "ada", &id));
    CHECK(id == 0);
    CHECK_OK(cop_landscape_add_member(landscape, "grace", &id));
    CHECK(id == 1);
    CHECK_OK(cop_landscape_add_member(landscape, "linus", NULL)); /* the id is optional */
    CHECK_STATUS(cop_landscape_add_member(landscape, "ada", &id), COP_STATUS_DUPLICATE_KEY);
    CHECK(equal(cop_last_error_message(), "member `ada` already exists"));
    CHECK(id == 1);
    CHECK_STATUS(cop_landscape_add_member(landscape, "", &id), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("empty"));
    CHECK_STATUS(cop_landscape_add_member(landscape, "ad\xff", &id), COP_STATUS_INVALID_UTF8);
    CHECK(error_says("argument `key` is not valid UTF-8"));
    CHECK_OK(cop_landscape_member_id(landscape, "grace", &id));
    CHECK(id == 1);
    CHECK_STATUS(cop_landscape_member_id(landscape, "nobody", &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown member `nobody`"));
    CHECK_STATUS(cop_landscape_member_id(landscape, "\xc3", &id), COP_STATUS_INVALID_UTF8);
    CHECK(id == 1);
    CHECK_OK(cop_landscape_member_key(landscape, 2, &key));
    CHECK(take_string(key, "linus"));
    key = NULL;
    CHECK_STATUS(cop_landscape_member_key(landscape, 99, &key), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 99"));
    CHECK(key == NULL);

    /* Domains: paths create their ancestors; parents can be changed, never into a cycle. */
    CHECK_OK(cop_landscape_add_domain(landscape, "testing/performance", &performance));
    CHECK(performance == 1);
    CHECK_OK(cop_landscape_domain_id(landscape, "testing", &testing));
    CHECK(testing == 0);
    CHECK_OK(cop_landscape_domain_parent(landscape, performance, &id));
    CHECK(id == testing);
    CHECK_OK(cop_landscape_domain_parent(landscape, testing, &id));
    CHECK(id == COP_NONE);
    CHECK_STATUS(cop_landscape_add_domain(landscape, "testing", NULL), COP_STATUS_DUPLICATE_KEY);
    CHECK(equal(cop_last_error_message(), "domain `testing` already exists"));
    CHECK_STATUS(cop_landscape_add_domain(landscape, "a//b", NULL), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("`a//b` is not a domain path"));
    CHECK_STATUS(cop_landscape_add_domain(landscape, NULL, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `path` is NULL"));
    CHECK_OK(cop_landscape_add_domain(landscape, "docs", &docs));
    CHECK(docs == 2);
    CHECK_OK(cop_landscape_set_domain_parent(landscape, docs, testing));
    CHECK_OK(cop_landscape_domain_id(landscape, "testing/docs", &id)); /* found by names */
    CHECK(id == docs);
    CHECK_OK(cop_landscape_domain_key(landscape, docs, &key));
    CHECK(take_string(key, "docs"));
    CHECK_OK(cop_landscape_domain_key(landscape, performance, &key));
    CHECK(take_string(key, "testing/performance"));
    CHECK_STATUS(cop_landscape_set_domain_parent(landscape, testing, docs),
                 COP_STATUS_DOMAIN_CYCLE);
    CHECK(equal(cop_last_error_message(),
                "domain `testing` cannot be a sub-domain of `docs`: that would make a cycle"));
    CHECK_STATUS(cop_landscape_set_domain_parent(landscape, testing, testing),
                 COP_STATUS_DOMAIN_CYCLE);
    CHECK_OK(cop_landscape_set_domain_parent(landscape, docs, COP_NONE));
    CHECK_OK(cop_landscape_domain_parent(landscape, docs, &id));
    CHECK(id == COP_NONE);
    CHECK_STATUS(cop_landscape_set_domain_parent(landscape, 99, testing), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no domain with id 99"));
    CHECK_STATUS(cop_landscape_domain_id(landscape, "nowhere", &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown domain `nowhere`"));
    CHECK_STATUS(cop_landscape_domain_key(landscape, 99, &key), COP_STATUS_UNKNOWN_ID);
    CHECK_STATUS(cop_landscape_domain_parent(landscape, 99, &id), COP_STATUS_UNKNOWN_ID);
    CHECK_STATUS(cop_landscape_domain_parent(landscape, 0, NULL), COP_STATUS_NULL_ARGUMENT);

    /* Communities. */
    CHECK_OK(cop_landscape_community_id(landscape, "default", &id));
    CHECK(id == COP_DEFAULT_COMMUNITY);
    CHECK_OK(cop_landscape_add_community(landscape, "guild", &guild));
    CHECK(guild == 1);
    CHECK_OK(cop_landscape_community_key(landscape, guild, &key));
    CHECK(take_string(key, "guild"));
    CHECK_OK(cop_landscape_community_key(landscape, COP_DEFAULT_COMMUNITY, &key));
    CHECK(take_string(key, "default"));
    CHECK_STATUS(cop_landscape_add_community(landscape, "guild", NULL), COP_STATUS_DUPLICATE_KEY);
    CHECK(equal(cop_last_error_message(), "community `guild` already exists"));
    CHECK_STATUS(cop_landscape_add_community(landscape, "", NULL), COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_community_id(landscape, "nope", &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown community `nope`"));
    CHECK_STATUS(cop_landscape_community_key(landscape, 7, &key), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no community with id 7"));
    CHECK_OK(cop_landscape_add_community_domain(landscape, guild, testing));
    CHECK_OK(cop_landscape_add_community_domain(landscape, guild, testing)); /* once */
    CHECK_STATUS(cop_landscape_add_community_domain(landscape, 9, testing), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no community with id 9"));
    CHECK_STATUS(cop_landscape_add_community_domain(landscape, guild, 99), COP_STATUS_UNKNOWN_ID);

    /* Artifacts only come from keyed events (see test_record_keyed); none yet. */
    CHECK_STATUS(cop_landscape_artifact_id(landscape, "post", &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown artifact `post`"));

    counts = counts_of(landscape);
    CHECK(counts.members == 3);
    CHECK(counts.domains == 3);
    CHECK(counts.communities == 2);
    CHECK(counts.events == 0 && counts.artifacts == 0);
    cop_landscape_free(landscape);
}

/* ----- kinds ----------------------------------------------------------------------------- */

static void test_kinds(void) {
    CopLandscape *landscape = new_landscape();
    uint32_t code = 12345, badge = COP_NONE;
    char *name = NULL;
    char kind_name[16];
    int i, refused = 0;

    CHECK_OK(cop_landscape_kind(landscape, "read", &code));
    CHECK(code == 0);
    CHECK_OK(cop_landscape_kind(landscape, "ask", &code));
    CHECK(code == 2);
    CHECK_OK(cop_landscape_kind(landscape, "commit", &code));
    CHECK(code == 11);
    CHECK_OK(cop_landscape_kind(landscape, "coauthor", &code));
    CHECK(code == 14);
    /* Custom kinds are interned from code 32 on. */
    CHECK_OK(cop_landscape_kind(landscape, "badge", &badge));
    CHECK(badge == 32);
    CHECK_OK(cop_landscape_kind(landscape, "badge", &code));
    CHECK(code == badge);
    CHECK_OK(cop_landscape_kind_name(landscape, badge, &name));
    CHECK(take_string(name, "badge"));
    CHECK_OK(cop_landscape_kind_name(landscape, 3, &name));
    CHECK(take_string(name, "answer"));
    name = NULL;
    CHECK_STATUS(cop_landscape_kind_name(landscape, 31, &name), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no kind with id 31"));
    CHECK_STATUS(cop_landscape_kind_name(landscape, 33, &name), COP_STATUS_UNKNOWN_ID);
    CHECK_STATUS(cop_landscape_kind_name(landscape, 1000, &name), COP_STATUS_UNKNOWN_ID);
    CHECK(name == NULL);
    CHECK_STATUS(cop_landscape_kind(landscape, "Not A Word", &code), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid kind: `Not A Word` is not a kind: use one of read, react, ask"));
    CHECK(code == badge);
    /* Kinds are matched without regard to case. */
    CHECK_OK(cop_landscape_kind(landscape, "ANSWER", &code));
    CHECK(code == 3);
    CHECK_OK(cop_landscape_kind(landscape, "Badge", &code));
    CHECK(code == badge);
    CHECK_STATUS(cop_landscape_kind(landscape, "b\xe9", &code), COP_STATUS_INVALID_UTF8);
    CHECK(error_says("argument `name` is not valid UTF-8"));

    CHECK_OK(cop_landscape_set_kind_weight(landscape, badge, 2.5));
    CHECK_STATUS(cop_landscape_set_kind_weight(landscape, badge, -1.0), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid weight"));
    CHECK_STATUS(cop_landscape_set_kind_weight(landscape, badge, NAN), COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_set_kind_weight(landscape, 31, 1.0), COP_STATUS_UNKNOWN_ID);

    /* 224 custom kinds fit (codes 32..255); badge is one of them. */
    for (i = 1; i < 230; i++) {
        CopStatus status;
        snprintf(kind_name, sizeof kind_name, "k%d", i);
        status = cop_landscape_kind(landscape, kind_name, &code);
        if (status != COP_STATUS_OK) {
            CHECK(i == 224);
            CHECK(status == COP_STATUS_CAPACITY);
            CHECK(error_says("too many custom event kinds: at most 224 are supported"));
            refused = 1;
            break;
        }
        CHECK(code == (uint32_t)(32 + i));
    }
    CHECK(refused);
    cop_landscape_free(landscape);
}

/* ----- recording events by ids ----------------------------------------------------------- */

static void test_record(void) {
    CopLandscape *landscape = new_landscape();
    uint32_t ada = 0, grace = 0, ask = 0, answer = 0, testing = 0, id = 12345;
    CopEvent event, batch[3];
    CopCounts counts;
    char *json = NULL;

    CHECK_OK(cop_landscape_add_member(landscape, "ada", &ada));
    CHECK_OK(cop_landscape_add_member(landscape, "grace", &grace));
    CHECK_OK(cop_landscape_kind(landscape, "ask", &ask));
    CHECK_OK(cop_landscape_kind(landscape, "answer", &answer));
    CHECK_OK(cop_landscape_add_domain(landscape, "testing", &testing));

    event = event_of(ada, T0, ask);
    event.domain = testing;
    CHECK_OK(cop_landscape_record(landscape, &event, &id));
    CHECK(id == 0);
    event = event_of(grace, T0 + 3600, answer);
    event.domain = testing;
    event.target = ada;
    CHECK_OK(cop_landscape_record(landscape, &event, &id));
    CHECK(id == 1);
    event.weight = 2.5;
    CHECK_OK(cop_landscape_record(landscape, &event, NULL));

    /* Refused events change nothing and leave the out-param alone. */
    event = event_of(99, T0, ask);
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 99"));
    event = event_of(ada, T0, 31);
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no kind with id 31"));
    event = event_of(ada, T0, 300);
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    event = event_of(ada, T0, ask);
    event.domain = 42;
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no domain with id 42"));
    event = event_of(ada, T0, ask);
    event.target = 42;
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    event = event_of(ada, T0, ask);
    event.community = 70000;
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no community with id 70000"));
    event = event_of(ada, T0, ask);
    event.artifact = 0;
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no artifact with id 0"));
    event = event_of(ada, T0, ask);
    event.weight = -1.0;
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid weight"));
    event = event_of(ada, INT64_MAX, ask);
    CHECK_STATUS(cop_landscape_record(landscape, &event, &id), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid time"));
    CHECK_STATUS(cop_landscape_record(landscape, NULL, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `event` is NULL"));
    CHECK_STATUS(cop_landscape_record(NULL, &event, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(id == 1);
    CHECK(counts_of(landscape).events == 3);

    /* Batches: all or nothing. */
    batch[0] = event_of(ada, T0 + 7200, ask);
    batch[1] = event_of(grace, T0 + 7300, answer);
    batch[1].target = ada;
    batch[2] = event_of(ada, T0 + 7400, ask);
    CHECK_OK(cop_landscape_record_batch(landscape, batch, 3, &id));
    CHECK(id == 3);
    CHECK(counts_of(landscape).events == 6);
    batch[1].target = 42;
    /* The error keeps its kind (an unknown id) and names the event's position. */
    CHECK_STATUS(cop_landscape_record_batch(landscape, batch, 3, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "event[1]: no member with id 42"));
    batch[1] = event_of(ada, T0, 300);
    CHECK_STATUS(cop_landscape_record_batch(landscape, batch, 3, &id), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "event[1]: no kind with id 300"));
    CHECK(id == 3);
    CHECK(counts_of(landscape).events == 6);
    CHECK_OK(cop_landscape_record_batch(landscape, NULL, 0, &id)); /* nothing to record */
    CHECK(id == 6);
    CHECK_STATUS(cop_landscape_record_batch(landscape, NULL, 2, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `events` is NULL"));

    counts = counts_of(landscape);
    CHECK(counts.events == 6 && counts.members == 2);

    CHECK_OK(cop_landscape_summary_json(landscape, 5, &json));
    CHECK(contains(json, "\"acting_members\":2"));
    CHECK(contains(json, "\"first_event\":\"2024-01-01T00:00:00Z\""));
    CHECK(contains(json, "\"last_event\":\"2024-01-01T02:03:20Z\""));
    /* Most frequent first, ties by name. */
    CHECK(contains(json, "\"events_per_kind\":[{\"name\":\"answer\",\"events\":3},"
                         "{\"name\":\"ask\",\"events\":3}]"));
    CHECK(contains(json, "\"busiest_domains\":[{\"name\":\"testing\",\"events\":3}]"));
    cop_string_free(json);
    cop_landscape_free(landscape);
}

/* ----- recording events by keys ---------------------------------------------------------- */

static void test_record_keyed(void) {
    CopLandscape *landscape = new_landscape();
    CopKeyedEvent event, batch[3];
    CopImportOptions options;
    CopImportReport report;
    CopCounts counts;
    uint32_t id = 12345;
    char *key = NULL, *skipped = NULL;

    event = keyed_of("ada", T0, "ask");
    event.domain = "testing/unit";
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, &id));
    CHECK(id == 0);
    event = keyed_of("grace", T0 + 60, "answer");
    event.target = "ada";
    event.community = "guild";
    event.artifact = "post-1";
    event.weight = 3.0;
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, &id));
    CHECK(id == 1);
    counts = counts_of(landscape);
    CHECK(counts.members == 2 && counts.domains == 2 && counts.communities == 2);
    CHECK(counts.artifacts == 1 && counts.events == 2);
    CHECK_OK(cop_landscape_artifact_id(landscape, "post-1", &id));
    CHECK(id == 0);
    CHECK_OK(cop_landscape_artifact_key(landscape, 0, &key));
    CHECK(take_string(key, "post-1"));
    key = NULL;
    CHECK_STATUS(cop_landscape_artifact_key(landscape, 5, &key), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no artifact with id 5"));
    CHECK_STATUS(cop_landscape_artifact_id(landscape, "post-2", &id), COP_STATUS_UNKNOWN_KEY);

    /* Strict: unknown keys are refused and nothing is created. */
    event = keyed_of("linus", T0 + 120, "review");
    event.target = "ada";
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, true, &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown member `linus`"));
    event = keyed_of("ada", T0 + 120, "review");
    event.domain = "docs";
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, true, &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown domain `docs`"));
    event.domain = "testing";
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, true, &id));
    CHECK(id == 2);

    /* A custom kind is created on first sight (but not when strict). */
    event = keyed_of("ada", T0 + 180, "badge");
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, true, NULL), COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown kind `badge`"));
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, NULL));
    CHECK_OK(cop_landscape_kind(landscape, "badge", &id));
    CHECK(id == 32);

    /* Bad arguments. */
    event = keyed_of(NULL, T0, "ask");
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, false, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `event.member` is NULL"));
    event = keyed_of("ada", T0, NULL);
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, false, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("`event.kind`"));
    event = keyed_of("ada", T0, "ask");
    event.target = "gr\xe2\x28\xa1";
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, false, &id), COP_STATUS_INVALID_UTF8);
    CHECK(error_says("argument `event.target` is not valid UTF-8"));
    CHECK_STATUS(cop_landscape_record_keyed(landscape, NULL, false, &id), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `event` is NULL"));
    event = keyed_of("", T0, "ask");
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, false, &id), COP_STATUS_INVALID_VALUE);
    event = keyed_of("ada", T0, "ask");
    event.weight = -2.0;
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, false, &id), COP_STATUS_INVALID_VALUE);
    event = keyed_of("ada", T0, "ask");
    event.domain = "a//b";
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &event, false, &id), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("is not a domain path"));
    CHECK(id == 32); /* still the code of badge: refusals leave out-params alone */
    counts = counts_of(landscape);
    CHECK(counts.events == 4 && counts.members == 2 && counts.domains == 2);

    /* Keyed batches behave as imports: the bad event's position is its line. */
    batch[0] = keyed_of("ada", T0 + 300, "ask");
    batch[1] = keyed_of("grace", T0 + 360, "Bad Kind");
    batch[2] = keyed_of("hopper", T0 + 420, "share");
    CHECK_STATUS(cop_landscape_record_keyed_batch(landscape, batch, 3, NULL, &report, &skipped),
                 COP_STATUS_RECORD);
    CHECK(starts_with(cop_last_error_message(), "2: field `kind`: invalid kind:"));
    CHECK(cop_last_error_line() == 2);
    CHECK(equal(cop_last_error_field(), "kind"));
    CHECK(skipped == NULL);
    CHECK(counts_of(landscape).events == 4); /* nothing recorded */
    options = options_of(false, true, NULL);
    CHECK_OK(cop_landscape_record_keyed_batch(landscape, batch, 3, &options, &report, &skipped));
    CHECK(report.recorded == 2 && report.skipped == 1);
    CHECK(contains(skipped, "\"line\":2"));
    CHECK(contains(skipped, "\"field\":\"kind\""));
    cop_string_free(skipped);
    counts = counts_of(landscape);
    CHECK(counts.events == 6 && counts.members == 3);
    options = options_of(true, false, "batch");
    batch[1] = keyed_of("nobody", T0 + 360, "ask");
    CHECK_STATUS(cop_landscape_record_keyed_batch(landscape, batch, 3, &options, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(equal(cop_last_error_message(), "batch:2: field `member`: unknown member `nobody`"));
    CHECK(equal(cop_last_error_field(), "member"));
    batch[1] = keyed_of(NULL, T0, "ask");
    CHECK_STATUS(cop_landscape_record_keyed_batch(landscape, batch, 3, NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `events[1].member` is NULL"));
    CHECK_OK(cop_landscape_record_keyed_batch(landscape, NULL, 0, NULL, &report, NULL));
    CHECK(report.recorded == 0 && report.skipped == 0);
    CHECK(counts_of(landscape).events == 6);
    cop_landscape_free(landscape);
}

static void test_record_coded(void) {
    CopLandscape *landscape = new_landscape();
    const char *people[] = {"ada", "grace", "linus"};
    const char *kinds[] = {"ask", "answer", "Bad Kind"};
    const char *domains[] = {"testing"};
    const int64_t time[] = {T0, T0 + 60, T0 + 120, T0 + 180};
    const uint32_t member_codes[] = {0, 1, 2, 1};
    const uint32_t kind_codes[] = {0, 1, 2, 1};
    const uint32_t target_codes[] = {COP_NONE, 0, COP_NONE, 0};
    const uint32_t domain_codes[] = {0, 0, COP_NONE, 0};
    const float weight[] = {NAN, 2.5f, NAN, NAN};
    const uint32_t out_of_range[] = {0, 7, 0, 0};
    CopKeyCodes member, kind, target, domain;
    CopImportOptions options = options_of(false, false, NULL);
    CopImportReport report;
    CopCounts counts;
    char *skipped = NULL;
    uint32_t ada = COP_NONE, grace = COP_NONE;

    member.codes = member_codes; member.keys = people; member.key_count = 3;
    kind.codes = kind_codes; kind.keys = kinds; kind.key_count = 3;
    target.codes = target_codes; target.keys = people; target.key_count = 3;
    domain.codes = domain_codes; domain.keys = domains; domain.key_count = 1;

    /* Row 3 has a kind that is not a word: stop, and nothing is recorded. */
    CHECK_STATUS(cop_landscape_record_coded_batch(landscape, 4, time, &member, &kind, &domain, &target,
                                                  NULL, NULL, weight, NULL, &options, &report, &skipped),
                 COP_STATUS_RECORD);
    CHECK(cop_last_error_line() == 3);
    CHECK(equal(cop_last_error_field(), "kind"));
    CHECK(counts_of(landscape).events == 0);
    /* Skipping: three rows recorded, linus (only in the bad row) never created. */
    options = options_of(false, true, NULL);
    CHECK_OK(cop_landscape_record_coded_batch(landscape, 4, time, &member, &kind, &domain, &target,
                                              NULL, NULL, weight, NULL, &options, &report, &skipped));
    CHECK(report.recorded == 3 && report.skipped == 1);
    CHECK(contains(skipped, "\"line\":3"));
    cop_string_free(skipped);
    counts = counts_of(landscape);
    CHECK(counts.events == 3 && counts.members == 2 && counts.domains == 1);
    CHECK_OK(cop_landscape_member_id(landscape, "ada", &ada));
    CHECK_OK(cop_landscape_member_id(landscape, "grace", &grace));
    CHECK(ada == 0 && grace == 1);
    /* A code out of range names the row and the field. */
    member.codes = out_of_range;
    options = options_of(false, false, NULL);
    CHECK_STATUS(cop_landscape_record_coded_batch(landscape, 4, time, &member, &kind, NULL, NULL, NULL, NULL,
                                                  NULL, NULL, &options, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(starts_with(cop_last_error_message(), "2: field `member`: code 7 is out of range"));
    /* NULL member column and NULL keys are refused before anything is recorded. */
    CHECK_STATUS(cop_landscape_record_coded_batch(landscape, 4, time, NULL, &kind, NULL, NULL, NULL, NULL,
                                                  NULL, NULL, NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    people[1] = NULL;
    member.codes = member_codes;
    CHECK_STATUS(cop_landscape_record_coded_batch(landscape, 4, time, &member, &kind, NULL, NULL, NULL, NULL,
                                                  NULL, NULL, NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(counts_of(landscape).events == 3);
    people[1] = "grace";
    CHECK_OK(cop_landscape_record_coded_batch(landscape, 0, NULL, &member, &kind, NULL, NULL, NULL, NULL,
                                              NULL, NULL, NULL, &report, NULL));
    CHECK(report.recorded == 0);
    cop_landscape_free(landscape);
}

/* ----- imports and exports --------------------------------------------------------------- */

static const char bad_csv[] =
    "member,time,kind\n"
    "ada,2024-01-01T00:00:00Z,ask\n"
    "grace,not-a-time,answer\n";

static void test_import_buffers(void) {
    CopLandscape *landscape = new_landscape();
    CopImportOptions options = options_of(false, false, "x.csv");
    CopImportReport report;
    CopCounts counts;
    char *skipped = NULL;
    const char *jsonl =
        "{\"member\":\"ada\",\"time\":\"2024-01-01T00:00:00Z\",\"kind\":\"ask\",\"domain\":\"testing\"}\n"
        "\n"
        "{\"member\":\"grace\",\"time\":1704070800,\"kind\":\"answer\",\"target\":\"ada\"}\n";
    const char *bad_jsonl =
        "{\"member\":\"ada\",\"time\":\"2024-01-01T00:00:00Z\",\"kind\":\"ask\"}\n"
        "{\"member\":\"grace\",\"time\":\"2024-01-01T00:00:00Z\"}\n";
    const char *unknown_member = "member,time,kind\nada,2024-01-01T00:00:00Z,ask\n";

    report.recorded = 12345;
    report.skipped = 12345;

    /* A bad CSV record stops the import; nothing is recorded; the error names line and field. */
    CHECK_STATUS(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)bad_csv,
                                                 strlen(bad_csv), &options, &report, &skipped),
                 COP_STATUS_RECORD);
    CHECK(starts_with(cop_last_error_message(), "x.csv:3:2: field `time`:"));
    CHECK(cop_last_error_line() == 3);
    CHECK(cop_last_error_column() == 2);
    CHECK(equal(cop_last_error_field(), "time"));
    CHECK(report.recorded == 12345 && skipped == NULL);
    counts = counts_of(landscape);
    CHECK(counts.events == 0 && counts.members == 0);
    /* A success clears the position too. */
    CHECK(cop_last_error_line() == 0 && cop_last_error_column() == 0);
    CHECK(cop_last_error_field() == NULL);

    /* Skipping bad records: the good one is recorded, the bad one reported as JSON. */
    options = options_of(false, true, "x.csv");
    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)bad_csv, strlen(bad_csv),
                                             &options, &report, &skipped));
    CHECK(report.recorded == 1 && report.skipped == 1);
    CHECK(starts_with(skipped, "[{\"source\":\"x.csv\",\"line\":3,\"column\":2,\"field\":\"time\","
                               "\"message\":"));
    cop_string_free(skipped);
    CHECK(counts_of(landscape).events == 1);

    /* Strict imports refuse unknown keys, as bad records. */
    cop_landscape_free(landscape);
    landscape = new_landscape();
    options = options_of(true, false, NULL);
    CHECK_STATUS(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)unknown_member,
                                                 strlen(unknown_member), &options, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(equal(cop_last_error_message(), "2:1: field `member`: unknown member `ada`"));
    CHECK(cop_last_error_line() == 2 && cop_last_error_column() == 1);
    CHECK_OK(cop_landscape_add_member(landscape, "ada", NULL));
    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)unknown_member,
                                             strlen(unknown_member), &options, &report, NULL));
    CHECK(report.recorded == 1 && report.skipped == 0);

    /* Empty and NULL buffers. */
    CHECK_STATUS(cop_landscape_import_csv_buffer(landscape, NULL, 0, NULL, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(error_says("the header lacks the required column `member`"));
    CHECK_STATUS(cop_landscape_import_csv_buffer(landscape, NULL, 5, NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `data` is NULL"));
    options = options_of(false, false, "x\xff");
    CHECK_STATUS(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)bad_csv,
                                                 strlen(bad_csv), &options, NULL, NULL),
                 COP_STATUS_INVALID_UTF8);
    CHECK(error_says("argument `options.source` is not valid UTF-8"));

    /* JSON Lines. */
    cop_landscape_free(landscape);
    landscape = new_landscape();
    CHECK_OK(cop_landscape_import_jsonl_buffer(landscape, (const uint8_t *)jsonl, strlen(jsonl),
                                               NULL, &report, NULL));
    CHECK(report.recorded == 2 && report.skipped == 0);
    counts = counts_of(landscape);
    CHECK(counts.events == 2 && counts.members == 2 && counts.domains == 1);
    options = options_of(false, false, "x.jsonl");
    CHECK_STATUS(cop_landscape_import_jsonl_buffer(landscape, (const uint8_t *)bad_jsonl,
                                                   strlen(bad_jsonl), &options, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(starts_with(cop_last_error_message(), "x.jsonl:2:"));
    CHECK(error_says("kind"));
    CHECK(cop_last_error_line() == 2);
    CHECK(counts_of(landscape).events == 2);
    CHECK_STATUS(cop_landscape_import_jsonl_buffer(NULL, (const uint8_t *)jsonl, strlen(jsonl),
                                                   NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    cop_landscape_free(landscape);
}

/* The requests history: 779 members (774 acting), 6,513 events (commit 5237, merge 1252,
 * coauthor 24), 14 domains (requests 2575, root 1895, docs 1308, tests 448, …), from
 * 2011-02-13T18:41:18Z to 2026-08-03T17:52:44Z. */
static void check_requests_summary(const CopLandscape *landscape) {
    char *json = NULL;
    CopCounts counts = counts_of(landscape);
    CHECK(counts.members == 779);
    CHECK(counts.events == 6513);
    CHECK(counts.communities == 1);
    CHECK(counts.domains == 14);
    CHECK(counts.artifacts == 0);
    CHECK_OK(cop_landscape_summary_json(landscape, 3, &json));
    CHECK(starts_with(json, "{\"counts\":{\"members\":779,\"events\":6513,\"communities\":1,"
                            "\"domains\":14,\"artifacts\":0},\"acting_members\":774,"));
    CHECK(contains(json, "\"first_event\":\"2011-02-13T18:41:18Z\""));
    CHECK(contains(json, "\"last_event\":\"2026-08-03T17:52:44Z\""));
    CHECK(contains(json, "\"events_per_kind\":[{\"name\":\"commit\",\"events\":5237},"
                         "{\"name\":\"merge\",\"events\":1252},"
                         "{\"name\":\"coauthor\",\"events\":24}]"));
    CHECK(contains(json, "\"busiest_domains\":[{\"name\":\"requests\",\"events\":2575},"
                         "{\"name\":\"root\",\"events\":1895},"
                         "{\"name\":\"docs\",\"events\":1308}]}"));
    cop_string_free(json);
}

static void test_import_and_export_files(const char *data, const char *dir) {
    CopLandscape *landscape = new_landscape();
    CopLandscape *again = NULL;
    CopImportReport report;
    char *skipped = NULL;
    char *key = NULL;
    uint32_t id = 12345;
    const char *csv_out = scratch(dir, 0, "requests.csv");
    const char *jsonl_out = scratch(dir, 1, "requests.jsonl");
    const char *missing = scratch(dir, 2, "no-such-file.csv");

    CHECK_OK(cop_landscape_import_csv_path(landscape, data, NULL, &report, &skipped));
    CHECK(report.recorded == 6513 && report.skipped == 0);
    CHECK(equal(skipped, "[]"));
    cop_string_free(skipped);
    check_requests_summary(landscape);
    CHECK_OK(cop_landscape_member_id(landscape, "a0001", &id)); /* first seen, first id */
    CHECK(id == 0);
    CHECK_OK(cop_landscape_member_key(landscape, 724, &key));
    CHECK(take_string(key, "a0725"));
    CHECK_OK(cop_landscape_domain_id(landscape, "root", &id));
    CHECK(id == 0);
    CHECK_OK(cop_landscape_kind(landscape, "merge", &id));
    CHECK(id == 12);

    /* Errors name the file. */
    CHECK_STATUS(cop_landscape_import_csv_path(landscape, missing, NULL, NULL, NULL),
                 COP_STATUS_IO);
    CHECK(error_says("no-such-file.csv"));
    CHECK_STATUS(cop_landscape_import_csv_path(landscape, NULL, NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_import_jsonl_path(landscape, missing, NULL, NULL, NULL),
                 COP_STATUS_IO);
    CHECK(counts_of(landscape).events == 6513);

    /* Export and import again: the same history. */
    CHECK_OK(cop_landscape_export_csv_path(landscape, csv_out));
    CHECK_OK(cop_landscape_export_jsonl_path(landscape, jsonl_out));
    CHECK_STATUS(cop_landscape_export_csv_path(landscape, "/nonexistent-dir/x.csv"), COP_STATUS_IO);
    CHECK(error_says("/nonexistent-dir/x.csv"));
    CHECK_STATUS(cop_landscape_export_jsonl_path(landscape, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_OK(cop_landscape_new(&again));
    CHECK_OK(cop_landscape_import_csv_path(again, csv_out, NULL, &report, NULL));
    CHECK(report.recorded == 6513);
    check_requests_summary(again);
    cop_landscape_free(again);
    CHECK_OK(cop_landscape_new(&again));
    CHECK_OK(cop_landscape_import_jsonl_path(again, jsonl_out, NULL, &report, NULL));
    CHECK(report.recorded == 6513);
    check_requests_summary(again);
    cop_landscape_free(again);
    cop_landscape_free(landscape);
}

/* ----- snapshots ------------------------------------------------------------------------- */

static void test_snapshots(const char *data, const char *dir) {
    CopLandscape *landscape = new_landscape();
    CopLandscape *loaded = NULL;
    char *json = NULL, *summary = NULL, *summary_loaded = NULL;
    const char *path = scratch(dir, 0, "requests.snapshot.json");
    const char *newer = "{\"format\":\"cop-landscape\",\"version\":4,\"anything\":1}";
    const char *other = "{\"format\":\"something-else\",\"version\":1}";
    const char *garbage = "not json";

    CHECK_OK(cop_landscape_import_csv_path(landscape, data, NULL, NULL, NULL));
    CHECK_OK(cop_landscape_summary_json(landscape, 10, &summary));

    /* In memory. */
    CHECK_OK(cop_landscape_save_snapshot_string(landscape, &json));
    CHECK(starts_with(json, "{\"format\":\"cop-landscape\",\"version\":1,"));
    CHECK_OK(cop_landscape_load_snapshot_buffer((const uint8_t *)json, strlen(json), &loaded));
    check_requests_summary(loaded);
    CHECK_OK(cop_landscape_summary_json(loaded, 10, &summary_loaded));
    CHECK(equal(summary, summary_loaded));
    cop_string_free(summary_loaded);
    cop_landscape_free(loaded);
    cop_string_free(json);

    /* In a file. */
    loaded = NULL;
    CHECK_OK(cop_landscape_save_snapshot_path(landscape, path));
    CHECK_OK(cop_landscape_load_snapshot_path(path, &loaded));
    CHECK_OK(cop_landscape_summary_json(loaded, 10, &summary_loaded));
    CHECK(equal(summary, summary_loaded));
    cop_string_free(summary_loaded);
    cop_landscape_free(loaded);

    /* A copy with the events of 2012 only; members are kept. */
    {
        CopLandscape *year = NULL;
        CopCounts counts;
        CHECK_OK(cop_landscape_events_between(landscape, 1325376000, 1356998400, &year));
        CHECK_OK(cop_landscape_counts(year, &counts));
        CHECK(counts.events == 1222);
        CHECK(counts.members == 779);
        cop_landscape_free(year);
        year = NULL;
        CHECK_STATUS(cop_landscape_events_between(landscape, 10, 5, &year), COP_STATUS_INVALID_VALUE);
        CHECK(year == NULL);
        CHECK_STATUS(cop_landscape_events_between(NULL, 0, 5, &year), COP_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(cop_landscape_events_between(landscape, 0, 5, NULL), COP_STATUS_NULL_ARGUMENT);
    }

    /* Refusals: a newer version, another format, not JSON, no file. */
    loaded = NULL;
    CHECK_STATUS(cop_landscape_load_snapshot_buffer((const uint8_t *)newer, strlen(newer), &loaded),
                 COP_STATUS_SNAPSHOT_VERSION);
    CHECK(equal(cop_last_error_message(),
                "snapshot format version 4 is newer than the newest this library reads (3); "
                "upgrade cop"));
    CHECK_STATUS(cop_landscape_load_snapshot_buffer((const uint8_t *)other, strlen(other), &loaded),
                 COP_STATUS_SNAPSHOT);
    CHECK(error_says("the format is `something-else`"));
    CHECK_STATUS(
        cop_landscape_load_snapshot_buffer((const uint8_t *)garbage, strlen(garbage), &loaded),
        COP_STATUS_SNAPSHOT);
    CHECK(starts_with(cop_last_error_message(), "invalid snapshot:"));
    CHECK_STATUS(cop_landscape_load_snapshot_buffer(NULL, 0, &loaded), COP_STATUS_SNAPSHOT);
    CHECK_STATUS(cop_landscape_load_snapshot_buffer(NULL, 3, &loaded), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_load_snapshot_buffer((const uint8_t *)newer, strlen(newer), NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_load_snapshot_path("/nonexistent-dir/s.json", &loaded),
                 COP_STATUS_IO);
    CHECK(error_says("/nonexistent-dir/s.json"));
    CHECK_STATUS(cop_landscape_load_snapshot_path("\xff", &loaded), COP_STATUS_INVALID_UTF8);
    CHECK_STATUS(cop_landscape_save_snapshot_path(landscape, "/nonexistent-dir/s.json"),
                 COP_STATUS_IO);
    CHECK_STATUS(cop_landscape_save_snapshot_path(landscape, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(loaded == NULL); /* never written on failure */

    cop_string_free(summary);
    cop_landscape_free(landscape);
}

/* ----- participation: levels, trajectories, the incremental query ------------------------ */

/* 2024-02-01T10:00:00Z and 2024-02-29T00:00:00Z */
#define FEB1 INT64_C(1706781600)
#define FEB29 INT64_C(1709164800)
#define DAY INT64_C(86400)

static void record_keyed(CopLandscape *landscape, const char *member, int64_t time,
                         const char *kind, const char *target) {
    CopKeyedEvent event = keyed_of(member, time, kind);
    event.target = target;
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, NULL));
}

/* As in the core's doc test of Participation::compute: ada answers bob on each of the 28 days
 * of February 2024 up to the 28th, bob asks on the 7th, 14th, 21st and 28th, cy reads once on
 * the 10th. Members: ada 0, bob 1, cy 2; 33 events. */
static CopLandscape *february_landscape(void) {
    CopLandscape *landscape = new_landscape();
    int day;
    for (day = 0; day < 28; day++) {
        record_keyed(landscape, "ada", FEB1 + day * DAY, "answer", "bob");
        if ((day + 1) % 7 == 0) {
            record_keyed(landscape, "bob", FEB1 + day * DAY + 3600, "ask", NULL);
        }
    }
    record_keyed(landscape, "cy", FEB1 + 9 * DAY - 3600, "read", NULL);
    return landscape;
}

/* ----- building the whole model by key ---------------------------------------------------- */

/* A call that must be refused with `status` and a message containing `needle`. */
#define CHECK_REFUSED(call, status, needle)                                                       \
    do {                                                                                          \
        CHECK_STATUS(call, status);                                                               \
        CHECK(error_says(needle));                                                                \
    } while (0)

static const char *const GUILD_JSON =
    "{\"key\":\"guild\",\"name\":\"guild\",\"kind\":\"internal\",\"orientation\":\"play\","
    "\"spaces\":[{\"name\":\"#testing\",\"visibility\":\"private\"},"
    "{\"name\":\"wiki\",\"visibility\":\"private\"}],\"domains\":[\"testing\"],\"charter\":null,"
    "\"created\":null}";

static void test_model_communities(CopLandscape *landscape) {
    char *json = NULL;
    uint32_t guild = COP_NONE, testing = COP_NONE;

    CHECK_OK(cop_landscape_add_community(landscape, "guild", &guild));
    CHECK_OK(cop_landscape_domain_id(landscape, "testing", &testing));
    CHECK_OK(cop_landscape_add_community_domain(landscape, guild, testing));
    CHECK_OK(cop_landscape_community_json(landscape, "guild", &json));
    CHECK(take_string(json, "{\"key\":\"guild\",\"name\":\"guild\",\"kind\":\"open\","
                            "\"orientation\":\"practice\",\"spaces\":[],\"domains\":[\"testing\"],"
                            "\"charter\":null,\"created\":null}"));

    CHECK_OK(cop_landscape_set_community_kind(landscape, "guild", "internal"));
    CHECK_OK(cop_landscape_set_community_orientation(landscape, "guild", "product"));
    CHECK_OK(cop_landscape_set_community_orientation(landscape, "guild", "Play")); /* any case */
    CHECK_OK(cop_landscape_add_space(landscape, "guild", "#testing", "public"));
    CHECK_OK(cop_landscape_add_space(landscape, "guild", "wiki", "PRIVATE"));
    CHECK_OK(cop_landscape_add_space(landscape, "guild", "#testing", "private")); /* by name */
    CHECK_OK(cop_landscape_set_community_kind(landscape, "default", "local"));
    json = NULL;
    CHECK_OK(cop_landscape_community_json(landscape, "guild", &json));
    CHECK(take_string(json, GUILD_JSON));
    CHECK_OK(cop_landscape_community_json(landscape, "default", &json));
    CHECK(take_string(json, "{\"key\":\"default\",\"name\":\"default\",\"kind\":\"local\","
                            "\"orientation\":\"practice\",\"spaces\":[],\"domains\":[],"
                            "\"charter\":null,\"created\":null}"));

    /* Refusals name the argument, the key or the known names, and change nothing. */
    CHECK_STATUS(cop_landscape_set_community_kind(landscape, "guild", "secret"),
                 COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(),
                "invalid kind: `secret` is not a community kind (open, internal, product, local)"));
    CHECK_STATUS(cop_landscape_set_community_kind(landscape, "nope", "open"),
                 COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown community `nope`"));
    CHECK_REFUSED(cop_landscape_set_community_kind(landscape, NULL, "open"),
                  COP_STATUS_NULL_ARGUMENT, "argument `community_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_community_kind(landscape, "guild", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `kind` is NULL");
    CHECK_REFUSED(cop_landscape_set_community_kind(landscape, "gu\xff", "open"),
                  COP_STATUS_INVALID_UTF8, "argument `community_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_community_kind(landscape, "guild", "op\xff"),
                  COP_STATUS_INVALID_UTF8, "argument `kind` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_community_kind(NULL, "guild", "open"),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_set_community_orientation(landscape, "guild", "work"),
                  COP_STATUS_INVALID_VALUE,
                  "invalid orientation: `work` is not an orientation (practice, product, play)");
    CHECK_REFUSED(cop_landscape_set_community_orientation(landscape, "nope", "play"),
                  COP_STATUS_UNKNOWN_KEY, "unknown community `nope`");
    CHECK_REFUSED(cop_landscape_set_community_orientation(landscape, NULL, "play"),
                  COP_STATUS_NULL_ARGUMENT, "argument `community_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_community_orientation(landscape, "guild", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `orientation` is NULL");
    CHECK_REFUSED(cop_landscape_set_community_orientation(landscape, "guild", "pl\xc3"),
                  COP_STATUS_INVALID_UTF8, "argument `orientation` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_community_orientation(NULL, "guild", "play"),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_add_space(landscape, "guild", "", "public"),
                  COP_STATUS_INVALID_VALUE, "invalid space: the name is empty");
    CHECK_REFUSED(cop_landscape_add_space(landscape, "guild", "forum", "secret"),
                  COP_STATUS_INVALID_VALUE,
                  "invalid visibility: `secret` is not a visibility (public, private)");
    CHECK_REFUSED(cop_landscape_add_space(landscape, "nope", "forum", "public"),
                  COP_STATUS_UNKNOWN_KEY, "unknown community `nope`");
    CHECK_REFUSED(cop_landscape_add_space(landscape, NULL, "forum", "public"),
                  COP_STATUS_NULL_ARGUMENT, "argument `community_key` is NULL");
    CHECK_REFUSED(cop_landscape_add_space(landscape, "guild", NULL, "public"),
                  COP_STATUS_NULL_ARGUMENT, "argument `name` is NULL");
    CHECK_REFUSED(cop_landscape_add_space(landscape, "guild", "forum", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `visibility` is NULL");
    CHECK_REFUSED(cop_landscape_add_space(landscape, "guild", "for\xff", "public"),
                  COP_STATUS_INVALID_UTF8, "argument `name` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_space(landscape, "guild", "forum", "pub\xff"),
                  COP_STATUS_INVALID_UTF8, "argument `visibility` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_space(NULL, "guild", "forum", "public"),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    json = NULL;
    CHECK_REFUSED(cop_landscape_community_json(landscape, "nope", &json), COP_STATUS_UNKNOWN_KEY,
                  "unknown community `nope`");
    CHECK_REFUSED(cop_landscape_community_json(landscape, NULL, &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `community_key` is NULL");
    CHECK_REFUSED(cop_landscape_community_json(landscape, "gu\xff", &json),
                  COP_STATUS_INVALID_UTF8, "argument `community_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_community_json(landscape, "guild", NULL), COP_STATUS_NULL_ARGUMENT,
                  "argument `out_json` is NULL");
    CHECK_REFUSED(cop_landscape_community_json(NULL, "guild", &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");
    CHECK(json == NULL);
    CHECK_OK(cop_landscape_community_json(landscape, "guild", &json));
    CHECK(take_string(json, GUILD_JSON)); /* the refusals changed nothing */
}

static const char *const ADA_JSON =
    "{\"key\":\"ada\",\"joined\":null,\"mentoring_capacity\":2,\"availability\":4.5,"
    "\"affiliation\":\"Acme\",\"competence\":{\"testing\":\"advanced_beginner\","
    "\"testing/performance\":\"expert\"},\"interests\":[\"testing/performance\",\"testing\"],"
    "\"communities\":{},\"bot\":false,\"staff\":false}";

static void test_model_members(CopLandscape *landscape) {
    char *json = NULL;

    CHECK_OK(cop_landscape_set_competence(landscape, "ada", "testing/performance", "expert"));
    CHECK_OK(cop_landscape_set_competence(landscape, "ada", "testing", "novice"));
    CHECK_OK(cop_landscape_set_competence(landscape, "ada", "testing", "Advanced beginner"));
    CHECK_OK(cop_landscape_add_interest(landscape, "ada", "testing/performance"));
    CHECK_OK(cop_landscape_add_interest(landscape, "ada", "testing"));
    CHECK_OK(cop_landscape_add_interest(landscape, "ada", "testing/performance")); /* once */
    CHECK_OK(cop_landscape_set_mentoring_capacity(landscape, "ada", 2));
    CHECK_OK(cop_landscape_set_availability(landscape, "ada", 4.5));
    CHECK_OK(cop_landscape_set_affiliation(landscape, "ada", "Acme"));
    CHECK_OK(cop_landscape_member_json(landscape, "ada", &json));
    CHECK(take_string(json, ADA_JSON));

    /* Unknown again: NaN hours, a NULL affiliation. */
    CHECK_OK(cop_landscape_set_availability(landscape, "bob", 10.0));
    CHECK_OK(cop_landscape_set_affiliation(landscape, "bob", "Initech"));
    CHECK_OK(cop_landscape_set_availability(landscape, "bob", NAN));
    CHECK_OK(cop_landscape_set_affiliation(landscape, "bob", NULL));
    CHECK_OK(cop_landscape_set_mentoring_capacity(landscape, "bob", 0));
    CHECK_OK(cop_landscape_member_json(landscape, "bob", &json));
    CHECK(take_string(json, "{\"key\":\"bob\",\"joined\":null,\"mentoring_capacity\":0,"
                            "\"availability\":null,\"affiliation\":null,\"competence\":{},"
                            "\"interests\":[],\"communities\":{},\"bot\":false,\"staff\":false}"));

    /* Refusals. */
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ada", "testing", "guru"),
                  COP_STATUS_INVALID_VALUE,
                  "invalid level: `guru` is not a competence level (novice, advanced_beginner, "
                  "competent, proficient, expert)");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "nobody", "testing", "expert"),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ada", "nowhere", "expert"),
                  COP_STATUS_UNKNOWN_KEY, "unknown domain `nowhere`");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, NULL, "testing", "expert"),
                  COP_STATUS_NULL_ARGUMENT, "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ada", NULL, "expert"),
                  COP_STATUS_NULL_ARGUMENT, "argument `domain_path` is NULL");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ada", "testing", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `level` is NULL");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ad\xff", "testing", "expert"),
                  COP_STATUS_INVALID_UTF8, "argument `member_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ada", "test\xff", "expert"),
                  COP_STATUS_INVALID_UTF8, "argument `domain_path` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_competence(landscape, "ada", "testing", "exp\xff"),
                  COP_STATUS_INVALID_UTF8, "argument `level` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_competence(NULL, "ada", "testing", "expert"),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_add_interest(landscape, "nobody", "testing"),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_add_interest(landscape, "ada", "nowhere"), COP_STATUS_UNKNOWN_KEY,
                  "unknown domain `nowhere`");
    CHECK_REFUSED(cop_landscape_add_interest(landscape, NULL, "testing"), COP_STATUS_NULL_ARGUMENT,
                  "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_add_interest(landscape, "ada", NULL), COP_STATUS_NULL_ARGUMENT,
                  "argument `domain_path` is NULL");
    CHECK_REFUSED(cop_landscape_add_interest(landscape, "ada", "\xc3"), COP_STATUS_INVALID_UTF8,
                  "argument `domain_path` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_interest(NULL, "ada", "testing"), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_set_mentoring_capacity(landscape, "nobody", 1),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_set_mentoring_capacity(landscape, NULL, 1),
                  COP_STATUS_NULL_ARGUMENT, "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_mentoring_capacity(landscape, "ad\xff", 1),
                  COP_STATUS_INVALID_UTF8, "argument `member_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_mentoring_capacity(NULL, "ada", 1), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_set_availability(landscape, "ada", -1.0),
                  COP_STATUS_INVALID_VALUE, "invalid availability: -1 is not a finite number");
    CHECK_REFUSED(cop_landscape_set_availability(landscape, "ada", INFINITY),
                  COP_STATUS_INVALID_VALUE, "invalid availability: inf is not a finite number");
    CHECK_REFUSED(cop_landscape_set_availability(landscape, "nobody", 1.0),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_set_availability(landscape, NULL, 1.0), COP_STATUS_NULL_ARGUMENT,
                  "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_availability(landscape, "ad\xff", 1.0),
                  COP_STATUS_INVALID_UTF8, "argument `member_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_availability(NULL, "ada", 1.0), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_set_affiliation(landscape, "ada", ""), COP_STATUS_INVALID_VALUE,
                  "invalid affiliation: the name is empty");
    CHECK_REFUSED(cop_landscape_set_affiliation(landscape, "nobody", "Acme"),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_set_affiliation(landscape, NULL, "Acme"), COP_STATUS_NULL_ARGUMENT,
                  "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_affiliation(landscape, "ada", "Ac\xff"),
                  COP_STATUS_INVALID_UTF8, "argument `affiliation` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_affiliation(NULL, "ada", "Acme"), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");

    json = NULL;
    CHECK_REFUSED(cop_landscape_member_json(landscape, "nobody", &json), COP_STATUS_UNKNOWN_KEY,
                  "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_member_json(landscape, NULL, &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_member_json(landscape, "ad\xff", &json), COP_STATUS_INVALID_UTF8,
                  "argument `member_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_member_json(landscape, "ada", NULL), COP_STATUS_NULL_ARGUMENT,
                  "argument `out_json` is NULL");
    CHECK_REFUSED(cop_landscape_member_json(NULL, "ada", &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");
    CHECK(json == NULL);
    CHECK_OK(cop_landscape_member_json(landscape, "ada", &json));
    CHECK(take_string(json, ADA_JSON)); /* the refusals changed nothing */

    /* A merged identity's key names its member. */
    CHECK_OK(cop_landscape_add_member(landscape, "ada@work", NULL));
    CHECK_OK(cop_landscape_merge(landscape, "ada", "ada@work", NULL, NULL));
    CHECK_OK(cop_landscape_set_mentoring_capacity(landscape, "ada@work", 3));
    CHECK_OK(cop_landscape_member_json(landscape, "ada@work", &json));
    CHECK(starts_with(json, "{\"key\":\"ada\",\"joined\":null,\"mentoring_capacity\":3,"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_set_mentoring_capacity(landscape, "ada", 2));
}

static const char *const GUIDE_JSON =
    "{\"key\":\"guide\",\"kind\":\"doc\",\"created\":\"2024-01-01T00:00:00Z\","
    "\"domains\":[\"testing/performance\"],\"authors\":[\"ada\",\"bob\"]}";

static void test_model_artifacts(CopLandscape *landscape) {
    char *json = NULL;
    uint32_t id = COP_NONE;

    CHECK_OK(cop_landscape_add_artifact(landscape, "guide", "doc", &id));
    CHECK(id == 0);
    CHECK_OK(cop_landscape_add_artifact(landscape, "notes", NULL, NULL)); /* kind and id optional */
    CHECK_OK(cop_landscape_artifact_id(landscape, "notes", &id));
    CHECK(id == 1);
    CHECK_OK(cop_landscape_add_artifact_author(landscape, "guide", "ada"));
    CHECK_OK(cop_landscape_add_artifact_author(landscape, "guide", "bob"));
    CHECK_OK(cop_landscape_add_artifact_author(landscape, "guide", "ada")); /* once */
    CHECK_OK(cop_landscape_add_artifact_domain(landscape, "guide", "testing/performance"));
    CHECK_OK(cop_landscape_add_artifact_domain(landscape, "guide", "testing/performance"));
    CHECK_OK(cop_landscape_set_artifact_created(landscape, "guide", T0));
    CHECK_OK(cop_landscape_artifact_json(landscape, "guide", &json));
    CHECK(take_string(json, GUIDE_JSON));
    CHECK_OK(cop_landscape_artifact_json(landscape, "notes", &json));
    CHECK(take_string(json, "{\"key\":\"notes\",\"kind\":\"\",\"created\":null,\"domains\":[],"
                            "\"authors\":[]}"));

    /* Refusals. */
    id = 77;
    CHECK_REFUSED(cop_landscape_add_artifact(landscape, "guide", "doc", &id),
                  COP_STATUS_DUPLICATE_KEY, "artifact `guide` already exists");
    CHECK_REFUSED(cop_landscape_add_artifact(landscape, "", NULL, &id), COP_STATUS_INVALID_VALUE,
                  "empty");
    CHECK_REFUSED(cop_landscape_add_artifact(landscape, NULL, "doc", &id),
                  COP_STATUS_NULL_ARGUMENT, "argument `key` is NULL");
    CHECK_REFUSED(cop_landscape_add_artifact(landscape, "gu\xff", "doc", &id),
                  COP_STATUS_INVALID_UTF8, "argument `key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_artifact(landscape, "slides", "d\xff", &id),
                  COP_STATUS_INVALID_UTF8, "argument `kind` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_artifact(NULL, "slides", "doc", &id), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");
    CHECK(id == 77);
    CHECK_STATUS(cop_landscape_artifact_id(landscape, "slides", &id), COP_STATUS_UNKNOWN_KEY);

    CHECK_REFUSED(cop_landscape_add_artifact_author(landscape, "nope", "ada"),
                  COP_STATUS_UNKNOWN_KEY, "unknown artifact `nope`");
    CHECK_REFUSED(cop_landscape_add_artifact_author(landscape, "guide", "nobody"),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_landscape_add_artifact_author(landscape, NULL, "ada"),
                  COP_STATUS_NULL_ARGUMENT, "argument `artifact_key` is NULL");
    CHECK_REFUSED(cop_landscape_add_artifact_author(landscape, "guide", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `member_key` is NULL");
    CHECK_REFUSED(cop_landscape_add_artifact_author(landscape, "guide", "ad\xff"),
                  COP_STATUS_INVALID_UTF8, "argument `member_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_artifact_author(NULL, "guide", "ada"),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_add_artifact_domain(landscape, "nope", "testing"),
                  COP_STATUS_UNKNOWN_KEY, "unknown artifact `nope`");
    CHECK_REFUSED(cop_landscape_add_artifact_domain(landscape, "guide", "nowhere"),
                  COP_STATUS_UNKNOWN_KEY, "unknown domain `nowhere`");
    CHECK_REFUSED(cop_landscape_add_artifact_domain(landscape, NULL, "testing"),
                  COP_STATUS_NULL_ARGUMENT, "argument `artifact_key` is NULL");
    CHECK_REFUSED(cop_landscape_add_artifact_domain(landscape, "guide", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `domain_path` is NULL");
    CHECK_REFUSED(cop_landscape_add_artifact_domain(landscape, "gu\xff", "testing"),
                  COP_STATUS_INVALID_UTF8, "argument `artifact_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_add_artifact_domain(NULL, "guide", "testing"),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    CHECK_REFUSED(cop_landscape_set_artifact_created(landscape, "guide", INT64_MAX),
                  COP_STATUS_INVALID_VALUE, "invalid created:");
    CHECK_REFUSED(cop_landscape_set_artifact_created(landscape, "nope", T0),
                  COP_STATUS_UNKNOWN_KEY, "unknown artifact `nope`");
    CHECK_REFUSED(cop_landscape_set_artifact_created(landscape, NULL, T0),
                  COP_STATUS_NULL_ARGUMENT, "argument `artifact_key` is NULL");
    CHECK_REFUSED(cop_landscape_set_artifact_created(landscape, "gu\xff", T0),
                  COP_STATUS_INVALID_UTF8, "argument `artifact_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_set_artifact_created(NULL, "guide", T0),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");

    json = NULL;
    CHECK_REFUSED(cop_landscape_artifact_json(landscape, "nope", &json), COP_STATUS_UNKNOWN_KEY,
                  "unknown artifact `nope`");
    CHECK_REFUSED(cop_landscape_artifact_json(landscape, NULL, &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `artifact_key` is NULL");
    CHECK_REFUSED(cop_landscape_artifact_json(landscape, "gu\xff", &json),
                  COP_STATUS_INVALID_UTF8, "argument `artifact_key` is not valid UTF-8");
    CHECK_REFUSED(cop_landscape_artifact_json(landscape, "guide", NULL), COP_STATUS_NULL_ARGUMENT,
                  "argument `out_json` is NULL");
    CHECK_REFUSED(cop_landscape_artifact_json(NULL, "guide", &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");
    CHECK(json == NULL);
    CHECK_OK(cop_landscape_artifact_json(landscape, "guide", &json));
    CHECK(take_string(json, GUIDE_JSON)); /* the refusals changed nothing */
}

static void test_model_ties(CopLandscape *landscape) {
    char *json = NULL;

    /* bob answers ada twice in the guild (an answer weighs 3). */
    CopKeyedEvent event = keyed_of("bob", T0, "answer");
    event.target = "ada";
    event.community = "guild";
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, NULL));
    event.time = T0 + DAY;
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, NULL));

    CHECK_OK(cop_landscape_ties_json(landscape, &json));
    CHECK(take_string(
        json,
        "[{\"from\":{\"type\":\"member\",\"key\":\"ada\"},"
        "\"to\":{\"type\":\"domain\",\"key\":\"testing\"},"
        "\"relation\":{\"type\":\"competence\",\"level\":\"advanced_beginner\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"ada\"},"
        "\"to\":{\"type\":\"domain\",\"key\":\"testing/performance\"},"
        "\"relation\":{\"type\":\"competence\",\"level\":\"expert\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"ada\"},"
        "\"to\":{\"type\":\"domain\",\"key\":\"testing\"},\"relation\":{\"type\":\"interest\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"ada\"},"
        "\"to\":{\"type\":\"domain\",\"key\":\"testing/performance\"},"
        "\"relation\":{\"type\":\"interest\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"ada\"},"
        "\"to\":{\"type\":\"artifact\",\"key\":\"guide\"},\"relation\":{\"type\":\"authored\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"bob\"},"
        "\"to\":{\"type\":\"community\",\"key\":\"guild\"},"
        "\"relation\":{\"type\":\"membership\",\"role\":\"member\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"bob\"},"
        "\"to\":{\"type\":\"artifact\",\"key\":\"guide\"},\"relation\":{\"type\":\"authored\"}},"
        "{\"from\":{\"type\":\"member\",\"key\":\"bob\"},"
        "\"to\":{\"type\":\"member\",\"key\":\"ada\"},"
        "\"relation\":{\"type\":\"interaction\",\"count\":2,\"weight\":6.0,"
        "\"first\":1704067200,\"last\":1704153600}},"
        "{\"from\":{\"type\":\"domain\",\"key\":\"testing/performance\"},"
        "\"to\":{\"type\":\"domain\",\"key\":\"testing\"},"
        "\"relation\":{\"type\":\"sub_domain_of\"}},"
        "{\"from\":{\"type\":\"artifact\",\"key\":\"guide\"},"
        "\"to\":{\"type\":\"domain\",\"key\":\"testing/performance\"},"
        "\"relation\":{\"type\":\"about\"}}]"));
    json = NULL;
    CHECK_REFUSED(cop_landscape_ties_json(landscape, NULL), COP_STATUS_NULL_ARGUMENT,
                  "argument `out_json` is NULL");
    CHECK_REFUSED(cop_landscape_ties_json(NULL, &json), COP_STATUS_NULL_ARGUMENT,
                  "argument `landscape` is NULL");
    CHECK(json == NULL);
    /* bob is a member of the guild now, by his events. */
    CHECK_OK(cop_landscape_member_json(landscape, "bob", &json));
    CHECK(contains(json, "\"joined\":\"2024-01-01T00:00:00Z\","));
    CHECK(contains(json, "\"communities\":{\"guild\":\"member\"}"));
    cop_string_free(json);
}

static void test_building_the_model(void) {
    CopLandscape *landscape = new_landscape();
    CHECK_OK(cop_landscape_add_member(landscape, "ada", NULL));
    CHECK_OK(cop_landscape_add_member(landscape, "bob", NULL));
    CHECK_OK(cop_landscape_add_domain(landscape, "testing/performance", NULL));
    test_model_communities(landscape);
    test_model_members(landscape);
    test_model_artifacts(landscape);
    test_model_ties(landscape);
    cop_landscape_free(landscape);
}

static void test_level_and_trajectory_enums(void) {
    /* Explicit values, never renumbered: the order of Level::ALL and TrajectoryKind::ALL. */
    CHECK(COP_LEVEL_CORE_GROUP == 0);
    CHECK(COP_LEVEL_ACTIVE == 1);
    CHECK(COP_LEVEL_OCCASIONAL == 2);
    CHECK(COP_LEVEL_PERIPHERAL == 3);
    CHECK(COP_LEVEL_TRANSACTIONAL == 4);
    CHECK(COP_LEVEL_OUTSIDER == 5);
    CHECK(COP_TRAJECTORY_PERIPHERAL == 0);
    CHECK(COP_TRAJECTORY_INBOUND == 1);
    CHECK(COP_TRAJECTORY_INSIDER == 2);
    CHECK(COP_TRAJECTORY_BOUNDARY == 3);
    CHECK(COP_TRAJECTORY_OUTBOUND == 4);
    CHECK(COP_TRAJECTORY_NEWCOMER == 5);
    CHECK(COP_TRAJECTORY_INACTIVE == 6);
    CHECK(COP_EDGE_WEIGHT_COUNT == 0);
    CHECK(COP_EDGE_WEIGHT_WEIGHT == 1);

    CHECK(equal(cop_level_name(COP_LEVEL_CORE_GROUP), "core_group"));
    CHECK(equal(cop_level_name(COP_LEVEL_ACTIVE), "active"));
    CHECK(equal(cop_level_name(COP_LEVEL_OCCASIONAL), "occasional"));
    CHECK(equal(cop_level_name(COP_LEVEL_PERIPHERAL), "peripheral"));
    CHECK(equal(cop_level_name(COP_LEVEL_TRANSACTIONAL), "transactional"));
    CHECK(equal(cop_level_name(COP_LEVEL_OUTSIDER), "outsider"));
    CHECK(cop_level_name((CopLevel)6) == NULL);
    CHECK(cop_level_name((CopLevel)UINT32_MAX) == NULL);
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_PERIPHERAL), "peripheral"));
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_INBOUND), "inbound"));
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_INSIDER), "insider"));
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_BOUNDARY), "boundary"));
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_OUTBOUND), "outbound"));
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_NEWCOMER), "newcomer"));
    CHECK(equal(cop_trajectory_name(COP_TRAJECTORY_INACTIVE), "inactive"));
    CHECK(cop_trajectory_name((CopTrajectory)7) == NULL);
    /* The static names are not failures: the last error is left alone. */
    CHECK_STATUS(cop_landscape_new(NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(cop_level_name((CopLevel)6) == NULL);
    CHECK(error_says("argument `out` is NULL"));
}

static void test_participation(void) {
    CopLandscape *landscape = february_landscape();
    CopParticipation *participation = NULL;
    CopParticipation *previous = NULL;
    CopLevel level = (CopLevel)77, levels[4];
    CopTrajectory trajectory = (CopTrajectory)77;
    double score = -1.0, ada_score = -1.0, bob_score = -1.0, cy_score = -1.0;
    uint32_t dee = COP_NONE;
    char *json = NULL;
    int i;

    CHECK(counts_of(landscape).members == 3 && counts_of(landscape).events == 33);
    CHECK_OK(cop_participation_compute(landscape, FEB29, NULL, &participation));
    CHECK(participation != NULL);

    /* Default options (quantile policy): ada is the core group, cy a single read: transactional. */
    CHECK_OK(cop_participation_level(participation, 0, &level, &ada_score));
    CHECK(level == COP_LEVEL_CORE_GROUP);
    CHECK_OK(cop_participation_level(participation, 2, &level, &cy_score));
    CHECK(level == COP_LEVEL_TRANSACTIONAL);
    CHECK_OK(cop_participation_level(participation, 1, &level, &bob_score));
    CHECK(level != COP_LEVEL_CORE_GROUP && level < COP_LEVEL_TRANSACTIONAL);
    CHECK(ada_score > bob_score && bob_score > cy_score && cy_score > 0.0);
    CHECK_OK(cop_participation_level(participation, 0, &level, NULL)); /* the score is optional */
    CHECK(level == COP_LEVEL_CORE_GROUP);

    /* One month of history: everyone first took part 0 periods ago, a newcomer. */
    for (i = 0; i < 3; i++) {
        trajectory = (CopTrajectory)77;
        CHECK_OK(cop_participation_trajectory(participation, (uint32_t)i, &trajectory));
        CHECK(trajectory == COP_TRAJECTORY_NEWCOMER);
    }

    /* Unknown members, NULL arguments: out-params untouched. */
    level = (CopLevel)77;
    score = -1.0;
    trajectory = (CopTrajectory)77;
    CHECK_STATUS(cop_participation_level(participation, 3, &level, &score), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 3"));
    CHECK_STATUS(cop_participation_level(participation, COP_NONE, &level, &score),
                 COP_STATUS_UNKNOWN_ID);
    CHECK_STATUS(cop_participation_level(participation, 0, NULL, &score),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `out_level` is NULL"));
    CHECK_STATUS(cop_participation_level(NULL, 0, &level, &score), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `participation` is NULL"));
    CHECK_STATUS(cop_participation_trajectory(participation, 99, &trajectory),
                 COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 99"));
    CHECK_STATUS(cop_participation_trajectory(participation, 0, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_participation_trajectory(NULL, 0, &trajectory), COP_STATUS_NULL_ARGUMENT);
    CHECK(level == (CopLevel)77 && score == -1.0 && trajectory == (CopTrajectory)77);

    /* In bulk: exactly as many levels as members when computed. */
    for (i = 0; i < 4; i++) {
        levels[i] = (CopLevel)77;
    }
    CHECK_STATUS(cop_participation_levels(participation, levels, 4), COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(),
                "invalid len: the analysis has 3 members but `len` is 4"));
    CHECK_STATUS(cop_participation_levels(participation, levels, 2), COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_participation_levels(participation, NULL, 0), COP_STATUS_INVALID_VALUE);
    CHECK(levels[0] == (CopLevel)77 && levels[1] == (CopLevel)77);
    CHECK_STATUS(cop_participation_levels(participation, NULL, 3), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `out` is NULL"));
    CHECK_STATUS(cop_participation_levels(NULL, levels, 3), COP_STATUS_NULL_ARGUMENT);
    CHECK_OK(cop_participation_levels(participation, levels, 3));
    CHECK(levels[3] == (CopLevel)77); /* nothing beyond len */
    for (i = 0; i < 3; i++) {
        CHECK_OK(cop_participation_level(participation, (uint32_t)i, &level, NULL));
        CHECK(levels[i] == level);
    }

    /* The report, with keys. */
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    CHECK(starts_with(json, "{\"as_of\":\"2024-02-29T00:00:00Z\",\"policy\":\"quantile\","));
    CHECK(contains(json, "\"level_counts\":[[\"core_group\",1],"));
    CHECK(contains(json, "[\"transactional\",1],[\"outsider\",0]]"));
    CHECK(contains(json, "[\"newcomer\",3],[\"inactive\",0]]"));
    CHECK(contains(json, "\"dates\":[\"2024-02-29T00:00:00Z\"]"));
    CHECK(contains(json, "{\"member\":\"ada\",\"level\":\"core_group\","));
    CHECK(contains(json, "{\"member\":\"cy\",\"level\":\"transactional\","));
    CHECK(contains(json, "\"events\":28,"));
    CHECK(contains(json, "\"trajectory\":\"newcomer\""));
    cop_string_free(json);
    json = NULL;
    CHECK_STATUS(cop_participation_report_json(participation, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `landscape` is NULL"));
    CHECK_STATUS(cop_participation_report_json(NULL, landscape, &json), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_participation_report_json(participation, landscape, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    /* One member's evidence, why this level: the report's entry for that member. */
    {
        char *report = NULL;
        CHECK_OK(cop_participation_report_json(participation, landscape, &report));
        CHECK_OK(cop_participation_member_json(participation, landscape, "ada", &json));
        CHECK(starts_with(json, "{\"member\":\"ada\",\"level\":\"core_group\",\"score\":"));
        CHECK(contains(json, ",\"evidence\":{\"rule\":"));
        CHECK(contains(json, "\"rank\":1,"));
        CHECK(contains(json, "\"trajectory\":\"newcomer\",\"trajectory_rule\":"));
        CHECK(contains(report, json));
        cop_string_free(json);
        CHECK_OK(cop_participation_member_json(participation, landscape, "cy", &json));
        CHECK(starts_with(json, "{\"member\":\"cy\",\"level\":\"transactional\","));
        CHECK(contains(report, json));
        cop_string_free(json);
        cop_string_free(report);
    }
    json = NULL;
    CHECK_REFUSED(cop_participation_member_json(participation, landscape, "nobody", &json),
                  COP_STATUS_UNKNOWN_KEY, "unknown member `nobody`");
    CHECK_REFUSED(cop_participation_member_json(participation, landscape, NULL, &json),
                  COP_STATUS_NULL_ARGUMENT, "argument `member_key` is NULL");
    CHECK_REFUSED(cop_participation_member_json(participation, landscape, "ad\xff", &json),
                  COP_STATUS_INVALID_UTF8, "argument `member_key` is not valid UTF-8");
    CHECK_REFUSED(cop_participation_member_json(participation, landscape, "ada", NULL),
                  COP_STATUS_NULL_ARGUMENT, "argument `out_json` is NULL");
    CHECK_REFUSED(cop_participation_member_json(participation, NULL, "ada", &json),
                  COP_STATUS_NULL_ARGUMENT, "argument `landscape` is NULL");
    CHECK_REFUSED(cop_participation_member_json(NULL, landscape, "ada", &json),
                  COP_STATUS_NULL_ARGUMENT, "argument `participation` is NULL");
    CHECK(json == NULL);

    /* The incremental query: cy answers bob on ten days of February; the analysis's date and
     * thresholds stay, only cy is reassessed, and cy moves to the centre. */
    for (i = 0; i < 10; i++) {
        record_keyed(landscape, "cy", FEB1 + (10 + i) * DAY + 7200, "answer", "bob");
    }
    level = (CopLevel)77;
    trajectory = (CopTrajectory)77;
    CHECK_OK(cop_participation_update_member(participation, landscape, 2, &level, &trajectory));
    CHECK(level <= COP_LEVEL_TRANSACTIONAL); /* at least as central as before */
    CHECK(level < COP_LEVEL_TRANSACTIONAL);  /* here: strictly */
    CHECK(trajectory == COP_TRAJECTORY_NEWCOMER);
    CHECK_OK(cop_participation_level(participation, 2, &level, &score)); /* the analysis: as was */
    CHECK(level == COP_LEVEL_TRANSACTIONAL && score == cy_score);
    CHECK_OK(cop_participation_update_member(participation, landscape, 0, &level, NULL));
    CHECK(level == COP_LEVEL_CORE_GROUP); /* nothing new for ada */
    /* A member added after the analysis: unknown to it, but assessed incrementally. */
    CHECK_OK(cop_landscape_add_member(landscape, "dee", &dee));
    CHECK(dee == 3);
    CHECK_STATUS(cop_participation_level(participation, dee, &level, NULL), COP_STATUS_UNKNOWN_ID);
    /* The landscape changed since the analysis: its evidence needs a new analysis. */
    CHECK_REFUSED(cop_participation_member_json(participation, landscape, "dee", &json),
                  COP_STATUS_INVALID_VALUE, "compute a new analysis");
    CHECK(json == NULL);
    CHECK_OK(cop_participation_update_member(participation, landscape, dee, &level, &trajectory));
    CHECK(level == COP_LEVEL_OUTSIDER && trajectory == COP_TRAJECTORY_INACTIVE);
    level = (CopLevel)77;
    CHECK_STATUS(cop_participation_update_member(participation, landscape, 4, &level, &trajectory),
                 COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 4"));
    CHECK_STATUS(cop_participation_update_member(participation, landscape, 0, NULL, &trajectory),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `out_level` is NULL"));
    CHECK_STATUS(cop_participation_update_member(participation, NULL, 0, &level, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_participation_update_member(NULL, landscape, 0, &level, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(level == (CopLevel)77);
    cop_participation_free(participation);

    /* Options as JSON: a preset by name. coronet (Joblin et al.) puts in the core the members
     * whose events make up 80 % of all: ada's 28 of 33 are 85 %; the others are peripheral. */
    participation = NULL;
    CHECK_OK(cop_participation_compute(landscape, FEB29,
                                       "{\"policy\":{\"policy\":\"preset\",\"name\":\"coronet\"}}",
                                       &participation));
    CHECK_OK(cop_participation_levels(participation, levels, 4)); /* dee is a member now */
    CHECK(levels[0] == COP_LEVEL_CORE_GROUP);
    CHECK(levels[1] == COP_LEVEL_PERIPHERAL);
    CHECK(levels[3] == COP_LEVEL_OUTSIDER);
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    CHECK(contains(json, "\"policy\":\"share_of_total\""));
    cop_string_free(json);
    cop_participation_free(participation);
    participation = NULL;
    CHECK_OK(cop_participation_compute(landscape, FEB29, "{}", &participation)); /* defaults */
    cop_participation_free(participation);
    participation = NULL;
    /* The current date only: the same levels, a timeline of one period. */
    CHECK_OK(cop_participation_compute(landscape, FEB29, "{\"current_only\":true}", &participation));
    CHECK_OK(cop_participation_levels(participation, levels, 4));
    CHECK(levels[0] == COP_LEVEL_CORE_GROUP);
    CHECK(levels[3] == COP_LEVEL_OUTSIDER);
    cop_participation_free(participation);
    participation = NULL;
    CHECK_OK(cop_participation_compute(
        landscape, FEB29, "{\"policy\":{\"policy\":\"preset\",\"name\":\"orbit\"},\"period\":\"week\"}",
        &participation));
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    CHECK(contains(json, "\"period\":\"week\""));
    cop_string_free(json);
    cop_participation_free(participation);

    /* Refused options: the message names the problem; `out` is left alone (it still holds an
     * earlier analysis here). */
    CHECK_OK(cop_participation_compute(landscape, FEB29, NULL, &previous));
    participation = previous;
    CHECK_STATUS(cop_participation_compute(landscape, FEB29,
                                           "{\"policy\":{\"policy\":\"preset\",\"name\":\"nope\"}}",
                                           &participation),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid policy: unknown preset `nope` (known: coronet,"));
    CHECK_STATUS(cop_participation_compute(landscape, FEB29, "{\"period\":\"fortnight\"}",
                                           &participation),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid options: unknown variant `fortnight`"));
    CHECK_STATUS(cop_participation_compute(landscape, FEB29, "{\"policy\":", &participation),
                 COP_STATUS_INVALID_VALUE);
    CHECK(starts_with(cop_last_error_message(), "invalid options:"));
    CHECK_STATUS(cop_participation_compute(landscape, FEB29, "{\"policy\":{\"policy\":\"x\xff\"}}",
                                           &participation),
                 COP_STATUS_INVALID_UTF8);
    CHECK(error_says("argument `options_json` is not valid UTF-8"));
    CHECK_STATUS(cop_participation_compute(landscape, INT64_MAX, NULL, &participation),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid as_of:"));
    CHECK_STATUS(cop_participation_compute(NULL, FEB29, NULL, &participation),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(participation == previous);
    CHECK_STATUS(cop_participation_compute(landscape, FEB29, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `out` is NULL"));
    cop_participation_free(previous);
    cop_participation_free(NULL);
    cop_landscape_free(landscape);
}

/* ----- structure of the interaction graph ------------------------------------------------ */

static void test_structure(void) {
    CopLandscape *landscape = february_landscape();
    uint32_t answer = COP_NONE;
    char *json = NULL;

    /* Only ada's answers are towards someone: one tie, ada-bob, of 28 events. */
    CHECK_OK(cop_landscape_structure_json(landscape, FEB29, 30, COP_EDGE_WEIGHT_COUNT, &json));
    CHECK(starts_with(json, "{\"as_of\":\"2024-02-29T00:00:00Z\",\"window_days\":30,"
                            "\"connected_members\":2,\"ties\":1,"));
    CHECK(contains(json, "{\"member\":\"ada\",\"core_number\":1,"));
    CHECK(contains(json, "\"degree\":1,\"weighted_degree\":28.0,"));
    CHECK(!contains(json, "\"cy\""));
    cop_string_free(json);
    /* Weighed by the kind's weight, set to 2.5: 70. */
    CHECK_OK(cop_landscape_kind(landscape, "answer", &answer));
    CHECK_OK(cop_landscape_set_kind_weight(landscape, answer, 2.5));
    CHECK_OK(cop_landscape_structure_json(landscape, FEB29, 30, COP_EDGE_WEIGHT_WEIGHT, &json));
    CHECK(contains(json, "\"degree\":1,\"weighted_degree\":70.0,"));
    cop_string_free(json);
    /* A window of 7 days up to the 29th: the answers of the 22nd to the 28th. */
    CHECK_OK(cop_landscape_structure_json(landscape, FEB29, 7, COP_EDGE_WEIGHT_COUNT, &json));
    CHECK(contains(json, "\"weighted_degree\":7.0,"));
    cop_string_free(json);
    /* Before any event: nobody is connected. */
    CHECK_OK(cop_landscape_structure_json(landscape, T0, 30, COP_EDGE_WEIGHT_COUNT, &json));
    CHECK(contains(json, "\"connected_members\":0,\"ties\":0,"));
    cop_string_free(json);

    json = NULL;
    CHECK_STATUS(cop_landscape_structure_json(landscape, FEB29, 30, (CopEdgeWeight)2, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(), "invalid weight: 2 is not a value of CopEdgeWeight"));
    CHECK_STATUS(cop_landscape_structure_json(landscape, INT64_MIN, 30, COP_EDGE_WEIGHT_COUNT,
                                              &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid as_of:"));
    CHECK_STATUS(cop_landscape_structure_json(NULL, FEB29, 30, COP_EDGE_WEIGHT_COUNT, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_structure_json(landscape, FEB29, 30, COP_EDGE_WEIGHT_COUNT, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);
    cop_landscape_free(landscape);
}

/* ----- agreement ------------------------------------------------------------------------- */

static void test_kappa(void) {
    uint32_t a[50], b[50];
    double kappa = -2.0;
    int i;

    /* 50 items: both 0 on 20, both 1 on 15, a=0/b=1 on 5, a=1/b=0 on 10.
     * p_o = 35/50 = 0.7; a has 25 zeros and 25 ones, b 30 zeros and 20 ones:
     * p_e = (25*30 + 25*20) / 2500 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4. */
    for (i = 0; i < 50; i++) {
        a[i] = i < 20 ? 0 : i < 35 ? 1 : i < 40 ? 0 : 1;
        b[i] = i < 20 ? 0 : i < 35 ? 1 : i < 40 ? 1 : 0;
    }
    CHECK_OK(cop_agreement_kappa(a, b, 50, &kappa));
    CHECK(fabs(kappa - 0.4) < 1e-12);
    CHECK_OK(cop_agreement_kappa(a, a, 50, &kappa));
    CHECK(kappa == 1.0);
    /* Labels are any integers. 0,0,7,7 against 0,7,0,7: p_o = 0.5 = p_e, kappa 0. */
    for (i = 0; i < 4; i++) {
        a[i] = i < 2 ? 0 : 7;
        b[i] = i % 2 == 0 ? 0 : 7;
    }
    CHECK_OK(cop_agreement_kappa(a, b, 4, &kappa));
    CHECK(fabs(kappa) < 1e-12);

    kappa = -2.0;
    CHECK_STATUS(cop_agreement_kappa(NULL, NULL, 0, &kappa), COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(), "invalid labels: no item to compare"));
    CHECK_STATUS(cop_agreement_kappa(NULL, b, 4, &kappa), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `a` is NULL"));
    CHECK_STATUS(cop_agreement_kappa(a, NULL, 4, &kappa), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `b` is NULL"));
    CHECK_STATUS(cop_agreement_kappa(a, b, 4, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(kappa == -2.0);
}

/* ----- participation on real data: the flask history ------------------------------------- */

/* `name` in the directory of `path`. */
static const char *sibling(const char *path, const char *name, char *buffer, size_t size) {
    const char *slash = strrchr(path, '/');
    int dir = slash ? (int)(slash - path + 1) : 0;
    snprintf(buffer, size, "%.*s%s", dir, path, name);
    return buffer;
}

/* Events per member id, counted here from the file itself (the `member` column). */
static size_t *events_per_member(const CopLandscape *landscape, const char *path, size_t members) {
    size_t *events = (size_t *)calloc(members, sizeof *events);
    char line[512];
    FILE *file = fopen(path, "r");
    CHECK(file != NULL && events != NULL);
    if (file == NULL || events == NULL) {
        free(events);
        if (file) {
            fclose(file);
        }
        return NULL;
    }
    CHECK(fgets(line, sizeof line, file) != NULL); /* the header */
    while (fgets(line, sizeof line, file) != NULL) {
        uint32_t id = COP_NONE;
        char *comma = strchr(line, ',');
        if (comma == NULL) {
            continue;
        }
        *comma = '\0';
        CHECK_OK(cop_landscape_member_id(landscape, line, &id));
        if (id < members) {
            events[id]++;
        }
    }
    fclose(file);
    return events;
}

/* flask: 841 members (837 acting), 5,549 events, the last at 2026-04-09T04:04:03Z; 604 members
 * have exactly one event (examples/data/README.md). */
#define FLASK_LAST_EVENT INT64_C(1775707443)

/* ----- health, maturity, value stories, charters and the report -------------------------- */

/* Seconds since the epoch of a UTC time in 2024 (a leap year). */
static int64_t at_2024(int month, int day, int hour, int minute, int second) {
    static const int days_before[12] = {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335};
    return T0 + (int64_t)(days_before[month - 1] + day - 1) * DAY + hour * 3600 + minute * 60 +
           second;
}

/* 2024-03-31T23:59:59Z */
#define MAR31 INT64_C(1711929599)

/* The hand-computed fixture of the core's tests/it/health.rs (affiliations aside): ann
 * organises fortnightly from January 10 to February 7; in March ann asks twice about testing
 * (bob answers the first within 2 hours), cy asks about docs (dan comments within 24 hours) and
 * bob answers ann about docs. Members: ann 0, bob 1, cy 2, dan 3. */
static CopLandscape *health_landscape(void) {
    static const struct {
        const char *member;
        int month, day, hour;
        const char *kind, *domain, *target;
    } rows[] = {
        {"ann", 1, 10, 10, "organize", NULL, NULL}, {"ann", 1, 24, 10, "organize", NULL, NULL},
        {"ann", 2, 7, 10, "organize", NULL, NULL},  {"ann", 3, 1, 10, "ask", "testing", NULL},
        {"bob", 3, 1, 12, "answer", "testing", "ann"}, {"cy", 3, 2, 10, "ask", "docs", NULL},
        {"dan", 3, 3, 10, "comment", "docs", "cy"},  {"ann", 3, 10, 10, "ask", "testing", NULL},
        {"bob", 3, 11, 10, "answer", "docs", "ann"},
    };
    CopLandscape *landscape = new_landscape();
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        CopKeyedEvent event =
            keyed_of(rows[i].member, at_2024(rows[i].month, rows[i].day, rows[i].hour, 0, 0),
                     rows[i].kind);
        event.domain = rows[i].domain;
        event.target = rows[i].target;
        CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, NULL));
    }
    return landscape;
}

/* `json` contains `needle`; prints both when it does not. */
static int json_has(const char *json, const char *needle) {
    if (contains(json, needle)) {
        return 1;
    }
    fprintf(stderr, "    expected the JSON to contain: %s\n    JSON: %.2000s\n", needle,
            text_or_null(json));
    return 0;
}

/* How many times `needle` occurs in `text`. */
static size_t occurrences(const char *text, const char *needle) {
    size_t n = 0;
    const char *at = text;
    while (at != NULL && (at = strstr(at, needle)) != NULL) {
        n++;
        at += strlen(needle);
    }
    return n;
}

/* The stage named at `name` (followed by a closing quote), or -1. */
static int stage_named(const char *name) {
    int stage;
    for (stage = 0; cop_stage_name((CopStage)stage) != NULL; stage++) {
        const char *known = cop_stage_name((CopStage)stage);
        size_t length = strlen(known);
        if (strncmp(name, known, length) == 0 && name[length] == '"') {
            return stage;
        }
    }
    return -1;
}

/* Checks a stage history: `"settled":` `expected` times (any number when 0), each a known stage,
 * at most one stage from the previous but for a move into transformation. Returns the last
 * settled stage, or -1. */
static int check_stage_history(const char *json, size_t expected) {
    const char *at = json;
    size_t points = 0, jumps = 0, unknown = 0;
    int previous = -1;
    while (at != NULL && (at = strstr(at, "\"settled\":\"")) != NULL) {
        int stage;
        at += strlen("\"settled\":\"");
        stage = stage_named(at);
        points++;
        unknown += stage < 0;
        if (previous >= 0 && stage >= 0 && stage != (int)COP_STAGE_TRANSFORMATION &&
            (stage - previous > 1 || previous - stage > 1)) {
            jumps++;
        }
        previous = stage;
    }
    CHECK(points == occurrences(json, "\"settled\":"));
    CHECK(expected == 0 ? points > 0 : points == expected);
    CHECK(unknown == 0);
    CHECK(jumps == 0);
    return previous;
}

static void test_stage_and_value_cycle_enums(void) {
    /* Explicit values, never renumbered: the order of Stage::ALL and ValueCycle::ALL. */
    CHECK(COP_STAGE_POTENTIAL == 0);
    CHECK(COP_STAGE_COALESCING == 1);
    CHECK(COP_STAGE_MATURING == 2);
    CHECK(COP_STAGE_STEWARDSHIP == 3);
    CHECK(COP_STAGE_TRANSFORMATION == 4);
    CHECK(COP_VALUE_CYCLE_IMMEDIATE == 0);
    CHECK(COP_VALUE_CYCLE_POTENTIAL == 1);
    CHECK(COP_VALUE_CYCLE_APPLIED == 2);
    CHECK(COP_VALUE_CYCLE_REALISED == 3);
    CHECK(COP_VALUE_CYCLE_REFRAMING == 4);

    CHECK(equal(cop_stage_name(COP_STAGE_POTENTIAL), "potential"));
    CHECK(equal(cop_stage_name(COP_STAGE_COALESCING), "coalescing"));
    CHECK(equal(cop_stage_name(COP_STAGE_MATURING), "maturing"));
    CHECK(equal(cop_stage_name(COP_STAGE_STEWARDSHIP), "stewardship"));
    CHECK(equal(cop_stage_name(COP_STAGE_TRANSFORMATION), "transformation"));
    CHECK(cop_stage_name((CopStage)5) == NULL);
    CHECK(cop_stage_name((CopStage)UINT32_MAX) == NULL);
    CHECK(equal(cop_value_cycle_name(COP_VALUE_CYCLE_IMMEDIATE), "immediate"));
    CHECK(equal(cop_value_cycle_name(COP_VALUE_CYCLE_POTENTIAL), "potential"));
    CHECK(equal(cop_value_cycle_name(COP_VALUE_CYCLE_APPLIED), "applied"));
    CHECK(equal(cop_value_cycle_name(COP_VALUE_CYCLE_REALISED), "realised"));
    CHECK(equal(cop_value_cycle_name(COP_VALUE_CYCLE_REFRAMING), "reframing"));
    CHECK(cop_value_cycle_name((CopValueCycle)5) == NULL);
    CHECK(cop_value_cycle_name((CopValueCycle)UINT32_MAX) == NULL);
    /* The static names are not failures: the last error is left alone. */
    CHECK_STATUS(cop_landscape_new(NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(cop_stage_name((CopStage)5) == NULL);
    CHECK(cop_value_cycle_name((CopValueCycle)5) == NULL);
    CHECK(error_says("argument `out` is NULL"));
}

static void test_health(void) {
    CopLandscape *landscape = health_landscape();
    char *json = NULL;

    CHECK(at_2024(3, 31, 23, 59, 59) == MAR31);
    CHECK(counts_of(landscape).members == 4 && counts_of(landscape).events == 9);

    /* The values the core's tests compute by hand, with the default configuration. */
    CHECK_OK(cop_landscape_health_json(landscape, MAR31, NULL, &json));
    CHECK(starts_with(json, "{\"as_of\":\"2024-03-31T23:59:59Z\",\"window_days\":90,"
                            "\"active_members\":4,"));
    CHECK(json_has(json, ",\"newcomers_in_window\":4,\"activation\":{\"recent_newcomers\":"));
    /* Three questions, two answered: after 2 and 24 hours, so a median of 13. */
    CHECK(json_has(json, "\"responsiveness\":{\"questions\":3,\"answered\":2,"));
    CHECK(json_has(json, "\"median_hours\":13.0,\"mean_hours\":13.0,\"threaded\":0,\"solved\":0,"
                         "\"solved_share\":0.0,\"median_solution_hours\":null}"));
    /* ann's 22 of the 32 weighted events are more than half. */
    CHECK(json_has(json, "\"concentration\":{\"absence_factor\":1,"));
    CHECK(json_has(json, "\"organisers\":[[\"ann\",3]]"));
    /* Gatherings every 14 days, the last on February 7: 53 days before March 31. */
    CHECK(json_has(json, "\"rhythm\":{\"gatherings\":3,\"median_gap_days\":14.0,\"gap_cv\":0.0,"
                         "\"days_since_last_gathering\":53.0,"));
    cop_string_free(json);
    json = NULL;

    /* A configuration: over 25 days (from March 7) only ann and bob took part. */
    CHECK_OK(cop_landscape_health_json(landscape, MAR31, "{\"window_days\":25}", &json));
    CHECK(starts_with(json, "{\"as_of\":\"2024-03-31T23:59:59Z\",\"window_days\":25,"
                            "\"active_members\":2,"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_health_json(landscape, MAR31, "{}", &json)); /* the defaults */
    CHECK(json_has(json, "\"window_days\":90,\"active_members\":4,"));
    cop_string_free(json);

    /* Bad configurations, NULLs, a bad date: the out-param is left alone. */
    json = NULL;
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, "{\"windw_days\":25}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid health: unknown field `windw_days`"));
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, "{\"window_days\":\"long\"}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid health: invalid type"));
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, "{\"window_days\":", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, "{\"period\":\"\xff\"}", &json),
                 COP_STATUS_INVALID_UTF8);
    CHECK(error_says("argument `config_json` is not valid UTF-8"));
    CHECK_STATUS(cop_landscape_health_json(landscape, INT64_MAX, NULL, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid as_of"));
    /* A window of zero days is a typed error, not 0 active members. */
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, "{\"window_days\":0}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("window_days"));
    CHECK(json == NULL);
    CHECK_STATUS(cop_landscape_health_json(NULL, MAR31, NULL, &json), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `landscape` is NULL"));
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `out_json` is NULL"));
    CHECK(json == NULL);

    cop_landscape_free(landscape);
}

/* ----- times, kinds and threads ------------------------------------------------------------ */

/* Times read by the core's one parser, kinds without regard to case, and threads: the core's
 * hand-computed case of tests/it/threads.rs. Three questions in threads q1..q3, all answered
 * (after 3, 24 and 5 hours: a median of 5), two accepted (after 24 and 48 hours: a median of
 * 36), so a solved share of 2/3; bob's answer in q1 is about another domain and targets nobody,
 * dan's in q2 targets the wrong member: only the thread pairs them. */
static void test_times_kinds_and_threads(void) {
    static const char threads_csv[] =
        "member,time,kind,domain,target,thread\n"
        "ann,2024-03-01T10:00:00Z,ask,testing,,q1\n"
        "bob,2024-03-01 13:00:00,ANSWER,docs,,q1\n"
        "ann,2024-03-02T10:00:00Z,accept,testing,bob,q1\n"
        "cy,1709632800000,ask,testing,,q2\n"
        "cy,2024-03-05T11:00:00Z,comment,testing,,q2\n"
        "dan,2024-03-06T10:00:00Z,Answer,testing,ann,q2\n"
        "cy,2024-03-07T10:00:00Z,accept,testing,dan,q2\n"
        "dan,2024-03-10T10:00:00Z,ask,docs,,q3\n";
    static const char too_big[] = "member,time,kind\nada,2024-03-01,ask\nada,100000000000000000000,ask\n";
    CopLandscape *landscape = new_landscape();
    CopKeyedEvent event = keyed_of("ann", 0, "answer");
    CopEvent by_ids;
    char *json = NULL, *key = NULL;
    int64_t seconds = 0, as_of = 0;
    uint32_t thread = COP_NONE;

    /* One parser: a date alone is the end of its day as an as_of, its start as an event time. */
    CHECK_OK(cop_parse_as_of("2024-02-01", &seconds));
    CHECK(seconds == INT64_C(1706745600) + DAY - 1);
    CHECK_OK(cop_parse_time("2024-02-01", &seconds));
    CHECK(seconds == INT64_C(1706745600));
    CHECK_OK(cop_parse_time("2024-02-01 10:00:00", &seconds));
    CHECK(seconds == INT64_C(1706781600));
    CHECK_OK(cop_parse_time("1706781600000", &seconds)); /* milliseconds */
    CHECK(seconds == INT64_C(1706781600));
    CHECK_STATUS(cop_parse_time("1e20", &seconds), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("1e20 is out of the range of epoch numbers"));
    CHECK(seconds == INT64_C(1706781600));
    CHECK_STATUS(cop_parse_as_of("yesterday", &seconds), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("`yesterday` is not a time"));
    CHECK_STATUS(cop_parse_as_of(NULL, &seconds), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_parse_time("2024-02-01", NULL), COP_STATUS_NULL_ARGUMENT);

    /* An epoch number out of range names the line and the column. */
    CHECK_STATUS(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)too_big, strlen(too_big),
                                                 NULL, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(cop_last_error_line() == 3 && cop_last_error_column() == 2);
    CHECK(equal(cop_last_error_field(), "time"));
    CHECK(counts_of(landscape).events == 0);

    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)threads_csv,
                                             strlen(threads_csv), NULL, NULL, NULL));
    CHECK(counts_of(landscape).events == 8);
    /* The last reply by key, the thread by key. */
    event = keyed_of("ann", INT64_C(1710082800), "answer"); /* 2024-03-10T15:00:00Z */
    event.domain = "docs";
    event.target = "dan";
    event.thread = "q3";
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, true, NULL));
    CHECK_OK(cop_parse_as_of("2024-03-31", &as_of));
    CHECK(as_of == MAR31);
    CHECK_OK(cop_landscape_health_json(landscape, as_of, NULL, &json));
    CHECK(json_has(json, "\"responsiveness\":{\"questions\":3,\"answered\":3,\"unanswered_share\":0.0,"
                         "\"median_hours\":5.0,"));
    CHECK(json_has(json, "\"threaded\":3,\"solved\":2,\"solved_share\":0.6666666666666666,"
                         "\"median_solution_hours\":36.0}"));
    cop_string_free(json);
    json = NULL;

    /* Threads by id: created by key, named back, carried by CopEvent. */
    CHECK_OK(cop_landscape_ensure_thread(landscape, "q4", &thread));
    CHECK(thread == 3);
    CHECK_OK(cop_landscape_ensure_thread(landscape, "q1", &thread));
    CHECK(thread == 0);
    CHECK_OK(cop_landscape_thread_key(landscape, 2, &key));
    CHECK(take_string(key, "q3"));
    key = NULL;
    CHECK_STATUS(cop_landscape_thread_key(landscape, 9, &key), COP_STATUS_UNKNOWN_ID);
    CHECK(error_says("no thread with id 9"));
    CHECK(key == NULL);
    CHECK_STATUS(cop_landscape_ensure_thread(landscape, "", &thread), COP_STATUS_INVALID_VALUE);
    by_ids = event_of(0, MAR31, 2);
    by_ids.thread = 3;
    CHECK_OK(cop_landscape_record(landscape, &by_ids, NULL));
    by_ids.thread = 99;
    CHECK_STATUS(cop_landscape_record(landscape, &by_ids, NULL), COP_STATUS_UNKNOWN_ID);
    CHECK(counts_of(landscape).events == 10);
    cop_landscape_free(landscape);
}

static void test_maturity(void) {
    CopLandscape *landscape = health_landscape();
    CopLandscape *empty = NULL;
    CopMaturity maturity;
    char *json = NULL;

    /* Four members, 81 days old, all newcomers: every indicator points to potential, the new
     * domains' vote (coalescing) held at potential by age and size: 6 of 6 votes. Settled and
     * indicated agree, each with its own share. */
    memset(&maturity, 0xff, sizeof maturity);
    CHECK_OK(cop_landscape_maturity(landscape, MAR31, NULL, &maturity));
    CHECK(maturity.settled == COP_STAGE_POTENTIAL && maturity.indicated == COP_STAGE_POTENTIAL);
    CHECK(maturity.indicated_share == 1.0 && maturity.settled_share == 1.0);
    CHECK(maturity.settled_periods == 3); /* January to March */

    CHECK_OK(cop_landscape_maturity_json(landscape, MAR31, NULL, &json));
    CHECK(starts_with(json, "{\"as_of\":\"2024-03-31T23:59:59Z\",\"summary\":\"potential, settled and "
                            "indicated, with 100 % of the indicators' weighted votes\","));
    CHECK(json_has(json, "\"settled\":{\"stage\":\"potential\","
                            "\"label\":\"potential\",\"tension\":\"discover / imagine\",\"share\":1.0,"
                            "\"since\":\"2024-01-31T23:59:59Z\",\"periods\":3,\"rule\":\"the indicators point here;"));
    CHECK(json_has(json, "\"indicated\":{\"stage\":\"potential\",\"label\":\"potential\","
                         "\"tension\":\"discover / imagine\",\"share\":1.0}"));
    CHECK(json_has(json, "\"votes\":[{\"stage\":\"potential\",\"weight\":6.0,\"share\":1.0},"));
    CHECK(json_has(json, "\"evidence\":[{\"name\":\"size\",\"value\":4.0,"
                         "\"points_to\":\"potential\",\"rule\":\"4 active members, fewer than 5\","));
    CHECK(json_has(json, "{\"name\":\"repertoire\",\"value\":2.0,\"points_to\":\"potential\","
                         "\"rule\":\"2 new artifacts or domains; at most potential: "));
    /* The next steps name the numbers. */
    CHECK(json_has(json, "{\"about\":\"rhythm\",\"advice\":\"no gathering for 53 days against a "
                         "14-day rhythm: schedule the next one\",\"priority\":1}"));
    cop_string_free(json);

    /* A configuration: with lower thresholds the group has coalesced ("forming" for Webber). */
    CHECK_OK(cop_landscape_maturity_json(
        landscape, MAR31,
        "{\"potential_max_members\":3,\"potential_max_age_days\":30,\"webber_labels\":true}",
        &json));
    CHECK(json_has(json, "\"indicated\":{\"stage\":\"coalescing\",\"label\":\"forming\","
                         "\"tension\":\"incubate / deliver immediate value\","));
    cop_string_free(json);
    CHECK_OK(cop_landscape_maturity(landscape, MAR31,
                                    "{\"potential_max_members\":3,\"potential_max_age_days\":30}",
                                    &maturity));
    CHECK(maturity.indicated == COP_STAGE_COALESCING);
    CHECK(maturity.indicated_share > 0.0 && maturity.indicated_share <= 1.0);

    /* Before the first event, and on an empty landscape: potential, no evidence, share 0. */
    CHECK_OK(cop_landscape_maturity(landscape, MAR31 - 120 * 86400, NULL, &maturity));
    CHECK(maturity.settled == COP_STAGE_POTENTIAL && maturity.indicated == COP_STAGE_POTENTIAL);
    CHECK(maturity.indicated_share == 0.0 && maturity.settled_share == 0.0);
    CHECK_OK(cop_landscape_maturity_json(landscape, MAR31 - 120 * 86400, NULL, &json));
    CHECK(json_has(json, "\"rule\":\"no event by this date\""));
    CHECK(json_has(json, "\"evidence\":[],\"next_steps\":[]"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_new(&empty));
    CHECK_OK(cop_landscape_maturity(empty, MAR31, NULL, &maturity));
    CHECK(maturity.settled == COP_STAGE_POTENTIAL && maturity.indicated_share == 0.0);
    cop_landscape_free(empty);

    /* The stage per month: January, February, March, never more than one stage apart. */
    CHECK_OK(cop_landscape_stage_history_json(landscape, MAR31, NULL, &json));
    CHECK(starts_with(json, "[{\"date\":\"2024-01-31T23:59:59Z\",\"settled\":\""));
    CHECK(json_has(json, "{\"date\":\"2024-03-31T23:59:59Z\",\"settled\":\"potential\","
                         "\"indicated\":\"potential\",\"indicated_share\":1.0,\"ceiling\":\"potential\","
                         "\"active_members\":4}"));
    CHECK(check_stage_history(json, 3) == (int)COP_STAGE_POTENTIAL);
    cop_string_free(json);
    CHECK_OK(cop_landscape_stage_history_json(landscape, MAR31, "{\"health\":{\"period\":\"week\","
                                              "\"participation\":{\"period\":\"week\"}}}", &json));
    CHECK(check_stage_history(json, 0) >= 0);
    CHECK(occurrences(json, "\"settled\":") > 3); /* weeks since January 10 */
    cop_string_free(json);

    /* Errors: the out-params are left alone. */
    json = NULL;
    memset(&maturity, 0x5a, sizeof maturity);
    {
        CopMaturity before = maturity;
        CHECK_STATUS(cop_landscape_maturity(landscape, MAR31, "{\"growth\":1}", &maturity),
                     COP_STATUS_INVALID_VALUE);
        CHECK(error_says("invalid maturity: unknown field `growth`"));
        CHECK_STATUS(cop_landscape_maturity(landscape, MAR31, "42", &maturity), COP_STATUS_INVALID_VALUE);
        CHECK_STATUS(cop_landscape_maturity(landscape, MAR31, "{\"health\":{\"window_days\":-1}}",
                                            &maturity),
                     COP_STATUS_INVALID_VALUE);
        CHECK_STATUS(cop_landscape_maturity(landscape, MAR31, "\xc3", &maturity), COP_STATUS_INVALID_UTF8);
        CHECK_STATUS(cop_landscape_maturity(landscape, INT64_MIN, NULL, &maturity),
                     COP_STATUS_INVALID_VALUE);
        CHECK_STATUS(cop_landscape_maturity(landscape, MAR31, NULL, NULL), COP_STATUS_NULL_ARGUMENT);
        CHECK(equal(cop_last_error_message(), "argument `out` is NULL"));
        CHECK_STATUS(cop_landscape_maturity(NULL, MAR31, NULL, &maturity), COP_STATUS_NULL_ARGUMENT);
        CHECK(memcmp(&before, &maturity, sizeof maturity) == 0);
    }
    CHECK_STATUS(cop_landscape_maturity_json(landscape, MAR31, "{\"webber_labels\":1}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid maturity"));
    CHECK_STATUS(cop_landscape_maturity_json(landscape, MAR31, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_maturity_json(NULL, MAR31, NULL, &json), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_stage_history_json(landscape, MAR31, "{", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_stage_history_json(landscape, INT64_MAX, NULL, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_stage_history_json(landscape, MAR31, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_stage_history_json(NULL, MAR31, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    cop_landscape_free(landscape);
}

static void test_value_stories(void) {
    CopLandscape *landscape = health_landscape();
    uint32_t ann = COP_NONE, both[2] = {0, 1}, nobody[2] = {0, 99};
    size_t index = 77;
    char *json = NULL;

    CHECK_OK(cop_landscape_member_id(landscape, "ann", &ann));
    CHECK_OK(cop_landscape_value_summary_json(landscape, MAR31, &json));
    CHECK(take_string(json, "{\"per_cycle\":[0,0,0,0,0],\"per_period\":[]}"));

    /* Three stories: two immediate (January and March), one applied (March). */
    CHECK_OK(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_IMMEDIATE,
                                           at_2024(1, 15, 0, 0, 0), "bob's answer unblocked ann",
                                           &ann, 1, &index));
    CHECK(index == 0);
    CHECK_OK(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_APPLIED,
                                           at_2024(3, 5, 0, 0, 0), "the team writes tests first",
                                           both, 2, &index));
    CHECK(index == 1);
    CHECK_OK(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_IMMEDIATE,
                                           at_2024(3, 20, 0, 0, 0), "a gathering helped",
                                           NULL, 0, NULL)); /* no member, no index */
    CHECK_OK(cop_landscape_value_summary_json(landscape, MAR31, &json));
    CHECK(take_string(json, "{\"per_cycle\":[2,0,1,0,0],\"per_period\":["
                            "{\"period\":\"2024-01-01T00:00:00Z\",\"per_cycle\":[1,0,0,0,0]},"
                            "{\"period\":\"2024-03-01T00:00:00Z\",\"per_cycle\":[1,0,1,0,0]}]}"));
    /* Stories after the date are not counted. */
    CHECK_OK(cop_landscape_value_summary_json(landscape, at_2024(3, 10, 0, 0, 0), &json));
    CHECK(starts_with(json, "{\"per_cycle\":[1,0,1,0,0],"));
    cop_string_free(json);

    /* Refused stories change nothing; the index is left alone. */
    index = 77;
    CHECK_STATUS(cop_landscape_add_value_story(landscape, (CopValueCycle)5, MAR31, "x", &ann, 1,
                                               &index),
                 COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(), "invalid cycle: 5 is not a value of CopValueCycle"));
    CHECK_STATUS(cop_landscape_add_value_story(landscape, (CopValueCycle)UINT32_MAX, MAR31, "x",
                                               &ann, 1, &index),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REALISED, MAR31, "x",
                                               nobody, 2, &index),
                 COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 99"));
    CHECK_STATUS(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REALISED, MAR31, "  ",
                                               &ann, 1, &index),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("a value story needs a text"));
    CHECK_STATUS(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REALISED, MAR31, "\xff",
                                               &ann, 1, &index),
                 COP_STATUS_INVALID_UTF8);
    CHECK_STATUS(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REALISED, INT64_MAX, "x",
                                               &ann, 1, &index),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid date"));
    CHECK_STATUS(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REALISED, MAR31, NULL,
                                               &ann, 1, &index),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `text` is NULL"));
    CHECK_STATUS(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REALISED, MAR31, "x",
                                               NULL, 1, &index),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `members` is NULL"));
    CHECK_STATUS(cop_landscape_add_value_story(NULL, COP_VALUE_CYCLE_REALISED, MAR31, "x", &ann, 1,
                                               &index),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(index == 77);
    CHECK_OK(cop_landscape_value_summary_json(landscape, MAR31, &json));
    CHECK(starts_with(json, "{\"per_cycle\":[2,0,1,0,0],"));
    cop_string_free(json);
    /* The next story still gets the next index. */
    CHECK_OK(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_REFRAMING,
                                           at_2024(4, 2, 0, 0, 0), "success means newcomers stay",
                                           &ann, 1, &index));
    CHECK(index == 3);

    json = NULL;
    CHECK_STATUS(cop_landscape_value_summary_json(landscape, INT64_MIN, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_value_summary_json(landscape, MAR31, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_value_summary_json(NULL, MAR31, &json), COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    cop_landscape_free(landscape);
}

#define CHARTER_JSON                                                                              \
    "{\"purpose\":\"learn testing together\",\"audience\":\"everyone who writes tests\","         \
    "\"goals\":[{\"metric\":\"active_members\",\"target\":4,"                                     \
    "\"deadline\":\"2024-12-31T00:00:00Z\"}]}"

static void test_charter_and_report(void) {
    CopLandscape *landscape = health_landscape();
    uint32_t guild = COP_NONE;
    char *json = NULL;

    CHECK_OK(cop_landscape_add_value_story(landscape, COP_VALUE_CYCLE_POTENTIAL,
                                           at_2024(3, 12, 0, 0, 0), "a testing checklist",
                                           NULL, 0, NULL));
    CHECK_OK(cop_landscape_set_charter(landscape, COP_DEFAULT_COMMUNITY, CHARTER_JSON));

    /* The whole picture: every part, the goal measured against the health report. */
    CHECK_OK(cop_landscape_report_json(landscape, MAR31, NULL, &json));
    CHECK(starts_with(json, "{\"schema\":\"cop-report/2\",\"as_of\":\"2024-03-31T23:59:59Z\","
                            "\"summary\":{\"counts\":{\"members\":4,\"events\":9,"));
    CHECK(json_has(json, "\"participation\":{\"as_of\":\"2024-03-31T23:59:59Z\","));
    CHECK(json_has(json, "\"structure\":{\"as_of\":\"2024-03-31T23:59:59Z\",\"window_days\":365,"));
    CHECK(json_has(json, "\"health\":{\"as_of\":\"2024-03-31T23:59:59Z\",\"window_days\":90,"
                         "\"active_members\":4,"));
    CHECK(json_has(json, "\"goals\":[{\"community\":\"default\",\"metric\":\"active_members\","
                         "\"target\":4.0,\"deadline\":\"2024-12-31T00:00:00Z\",\"current\":4.0,"
                         "\"lower_is_better\":false,\"progress\":1.0,\"on_track\":true,"
                         "\"note\":\"met: "));
    CHECK(json_has(json, "\"value\":{\"per_cycle\":[0,1,0,0,0],"));
    CHECK(json_has(json, "\"maturity\":{\"as_of\":\"2024-03-31T23:59:59Z\",\"summary\":\"potential, "));
    CHECK(json_has(json, "\"settled\":{\"stage\":\"potential\","));
    CHECK(json_has(json, "no gathering for 53 days against a 14-day rhythm"));
    /* The history: one health point and one stage per month. */
    CHECK(occurrences(json, "\"metrics\":[[\"active_members\",") == 3);
    CHECK(occurrences(json, "\"indicated\":") == 4); /* 3 in the history, 1 in `maturity` */
    /* Mentor suggestions: nobody here is ahead of the newcomers. */
    CHECK(json_has(json, "\"mentoring\":{\"mode\":\"optimal\",\"as_of\":\"2024-03-31T23:59:59Z\","
                         "\"pairs\":[],"));
    cop_string_free(json);

    /* Options: no history; a goal of another community, with an unknown metric. */
    CHECK_OK(cop_landscape_add_community(landscape, "guild", &guild));
    CHECK_OK(cop_landscape_set_charter(
        landscape, guild,
        "{\"purpose\":\"p\",\"audience\":\"a\",\"goals\":[{\"metric\":\"happiness\","
        "\"target\":1,\"deadline\":\"2024-06-30T12:00:00+02:00\"}]}"));
    CHECK_OK(cop_landscape_report_json(landscape, MAR31,
                                       "{\"history\":false,\"top\":1,\"mentoring\":false}", &json));
    CHECK(json_has(json, "\"health_series\":[],"));
    CHECK(json_has(json, "\"stage_history\":[],\"communities\":[],\"mentoring\":null,"
                         "\"people\":{\"counts\":{\"identities\":4,"));
    CHECK(json_has(json, "{\"community\":\"guild\",\"metric\":\"happiness\",\"target\":1.0,"
                         "\"deadline\":\"2024-06-30T10:00:00Z\",\"current\":null,"));
    CHECK(occurrences(json, "\"community\":\"") == 2);
    cop_string_free(json);

    /* `null` removes a charter. */
    CHECK_OK(cop_landscape_set_charter(landscape, guild, "null"));
    CHECK_OK(cop_landscape_set_charter(landscape, COP_DEFAULT_COMMUNITY, "null"));
    CHECK_OK(cop_landscape_report_json(landscape, MAR31, "{\"history\":false}", &json));
    CHECK(json_has(json, "\"goals\":[],"));
    cop_string_free(json);

    /* Charters refused: nothing changes. */
    CHECK_STATUS(cop_landscape_set_charter(landscape, 7, CHARTER_JSON), COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no community with id 7"));
    CHECK_STATUS(cop_landscape_set_charter(landscape, COP_NONE, CHARTER_JSON),
                 COP_STATUS_UNKNOWN_ID);
    CHECK_STATUS(cop_landscape_set_charter(landscape, guild, "{\"purpose\":\"p\",\"audience\":\"a\"}"),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid charter: missing field `goals`"));
    CHECK_STATUS(cop_landscape_set_charter(
                     landscape, guild,
                     "{\"purpose\":\"p\",\"audience\":\"a\",\"goals\":[{\"metric\":\"newcomers\","
                     "\"target\":2,\"deadline\":\"next year\"}]}"),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid charter"));
    CHECK_STATUS(cop_landscape_set_charter(landscape, guild, "purpose: p"),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_set_charter(landscape, guild, "\"\xe9\""), COP_STATUS_INVALID_UTF8);
    CHECK_STATUS(cop_landscape_set_charter(landscape, guild, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(equal(cop_last_error_message(), "argument `charter_json` is NULL"));
    CHECK_STATUS(cop_landscape_set_charter(NULL, guild, CHARTER_JSON), COP_STATUS_NULL_ARGUMENT);
    CHECK_OK(cop_landscape_report_json(landscape, MAR31, "{\"history\":false}", &json));
    CHECK(json_has(json, "\"goals\":[],"));
    cop_string_free(json);

    /* Reports refused: the out-param is left alone. */
    json = NULL;
    CHECK_STATUS(cop_landscape_report_json(landscape, MAR31, "{\"histroy\":false}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid options: unknown field `histroy`"));
    CHECK_STATUS(cop_landscape_report_json(landscape, MAR31, "{\"edge_weight\":\"heavy\"}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_report_json(landscape, MAR31, "{\"top\":\"\xff\"}", &json),
                 COP_STATUS_INVALID_UTF8);
    CHECK_STATUS(cop_landscape_report_json(landscape, INT64_MAX, NULL, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_report_json(landscape, MAR31, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_report_json(NULL, MAR31, NULL, &json), COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    cop_landscape_free(landscape);
}

/* Maturity on the flask history (loaded by test_participation_flask): the maturity call, the
 * stage history and the report give the same settled and indicated stage. */
static void check_flask_maturity(const CopLandscape *landscape) {
    CopMaturity maturity;
    char *json = NULL, expected[256];
    int last;

    CHECK_OK(cop_landscape_maturity(landscape, FLASK_LAST_EVENT, NULL, &maturity));
    CHECK(maturity.settled == COP_STAGE_STEWARDSHIP);
    CHECK(maturity.indicated <= COP_STAGE_TRANSFORMATION);
    CHECK(maturity.indicated_share > 0.0 && maturity.indicated_share <= 1.0);
    CHECK(maturity.settled_share <= maturity.indicated_share);
    CHECK_OK(cop_landscape_maturity_json(landscape, FLASK_LAST_EVENT, NULL, &json));
    snprintf(expected, sizeof expected, "\"settled\":{\"stage\":\"%s\",",
             text_or_null(cop_stage_name(maturity.settled)));
    CHECK(starts_with(json, "{\"as_of\":\"2026-04-09T04:04:03Z\",\"summary\":\""));
    CHECK(json_has(json, expected));
    snprintf(expected, sizeof expected, "\"indicated\":{\"stage\":\"%s\",",
             text_or_null(cop_stage_name(maturity.indicated)));
    CHECK(json_has(json, expected));
    CHECK(json_has(json, "\"next_steps\":["));
    cop_string_free(json);

    /* One stage per month from April 2010, moving one stage at a time (or into transformation);
     * the last point is the maturity call's. */
    CHECK_OK(cop_landscape_stage_history_json(landscape, FLASK_LAST_EVENT, NULL, &json));
    CHECK(starts_with(json, "[{\"date\":\"2010-04-30T23:59:59Z\",\"settled\":\"coalescing\"")); /* at most, under 90 days */
    last = check_stage_history(json, 0);
    CHECK(occurrences(json, "\"settled\":") > 150);
    snprintf(expected, sizeof expected,
             "{\"date\":\"2026-04-09T04:04:03Z\",\"settled\":\"%s\",\"indicated\":\"%s\",",
             text_or_null(cop_stage_name(maturity.settled)),
             text_or_null(cop_stage_name(maturity.indicated)));
    CHECK(json_has(json, expected));
    CHECK(last == (int)maturity.settled);
    /* The project grew past the potential stage. */
    CHECK(contains(json, "\"settled\":\"maturing\"") && contains(json, "\"settled\":\"stewardship\""));
    cop_string_free(json);

    /* The report says the same. */
    CHECK_OK(cop_landscape_report_json(landscape, FLASK_LAST_EVENT, "{\"mentoring\":false}", &json));
    snprintf(expected, sizeof expected,
             "\"settled\":{\"stage\":\"%s\",",
             text_or_null(cop_stage_name(maturity.settled)));
    CHECK(json_has(json, expected));
    cop_string_free(json);
}

/* Options that would panic or exhaust memory are typed errors naming the option. */
static void test_options_out_of_bounds(void) {
    CopLandscape *landscape = health_landscape();
    CopParticipation *participation = NULL;
    char *json = NULL;

    CHECK_STATUS(cop_participation_compute(landscape, MAR31,
                                           "{\"trajectory\":{\"recent_periods\":0,\"trend_threshold\":0.0}}",
                                           &participation),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("recent_periods"));
    CHECK(participation == NULL);
    CHECK_STATUS(cop_landscape_health_json(landscape, MAR31, "{\"retention_periods\":1000000000000}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("retention_periods"));
    CHECK(json == NULL);
    CHECK_OK(cop_landscape_health_json(landscape, MAR31, "{\"retention_periods\":10000}", &json));
    cop_string_free(json);
    cop_landscape_free(landscape);
}

/* One community of a landscape: its own events, health and stage. */
static void test_community_view(void) {
    static const char CSV[] =
        "member,time,kind,target,community\n"
        "ann,2024-01-08T10:00:00Z,answer,bob,rust\n"
        "bob,2024-01-09T10:00:00Z,answer,ann,rust\n"
        "cy,2024-01-10T10:00:00Z,answer,ann,rust\n"
        "ann,2024-01-11T10:00:00Z,ask,,go\n";
    CopLandscape *landscape = new_landscape(), *go = NULL;
    CopMaturity maturity;
    CopCounts counts;
    uint32_t ann = COP_NONE, ann_in_go = COP_NONE;
    char *json = NULL;

    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)CSV, strlen(CSV), NULL,
                                             NULL, NULL));
    CHECK_OK(cop_landscape_community_view(landscape, "go", &go));
    counts = counts_of(go);
    CHECK(counts.events == 1 && counts.members == 3 && counts.communities == 3);
    CHECK_OK(cop_landscape_member_id(landscape, "ann", &ann));
    CHECK_OK(cop_landscape_member_id(go, "ann", &ann_in_go));
    CHECK(ann == ann_in_go); /* ids are kept */
    CHECK_OK(cop_landscape_health_json(go, at_2024(1, 31, 0, 0, 0), NULL, &json));
    CHECK(json_has(json, "\"active_members\":1,"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_maturity(go, at_2024(1, 31, 0, 0, 0), NULL, &maturity));
    CHECK(maturity.settled == COP_STAGE_POTENTIAL);
    /* The landscape's report shows each community beside the landscape. */
    CHECK_OK(cop_landscape_report_json(landscape, at_2024(1, 31, 0, 0, 0), "{\"mentoring\":false}",
                                       &json));
    CHECK(json_has(json, "\"communities\":[{\"community\":\"rust\",\"events\":3,\"acting_members\":3,"));
    CHECK(json_has(json, "{\"community\":\"go\",\"events\":1,\"acting_members\":1,"));
    cop_string_free(json);
    /* Errors: an unknown community, NULL arguments; `out` is left alone. */
    cop_landscape_free(go);
    go = NULL;
    CHECK_STATUS(cop_landscape_community_view(landscape, "python", &go), COP_STATUS_UNKNOWN_KEY);
    CHECK(error_says("python"));
    CHECK_STATUS(cop_landscape_community_view(landscape, NULL, &go), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_community_view(landscape, "go", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_community_view(NULL, "go", &go), COP_STATUS_NULL_ARGUMENT);
    CHECK(go == NULL);
    cop_landscape_free(landscape);
}

static void test_participation_flask(const char *requests_path) {
    char path[4096], expected[512];
    CopLandscape *landscape = new_landscape();
    CopParticipation *participation = NULL, *coronet = NULL;
    CopCounts counts;
    CopLevel *levels = NULL, *coronet_levels = NULL;
    uint32_t *a = NULL, *b = NULL;
    size_t *events = NULL, members, i, single = 0, single_core = 0, per_level[6] = {0};
    char *json = NULL;
    double kappa = -2.0;

    sibling(requests_path, "flask-commits.csv", path, sizeof path);
    CHECK_OK(cop_landscape_import_csv_path(landscape, path, NULL, NULL, NULL));
    counts = counts_of(landscape);
    CHECK(counts.members == 841 && counts.events == 5549);
    members = counts.members;
    CHECK_OK(cop_landscape_summary_json(landscape, 0, &json));
    CHECK(contains(json, "\"last_event\":\"2026-04-09T04:04:03Z\""));
    cop_string_free(json);

    CHECK_OK(cop_participation_compute(landscape, FLASK_LAST_EVENT, NULL, &participation));
    levels = (CopLevel *)malloc(members * sizeof *levels);
    events = events_per_member(landscape, path, members);
    if (participation == NULL || levels == NULL || events == NULL) {
        CHECK(!"the flask analysis could not be set up");
        goto done;
    }
    CHECK_OK(cop_participation_levels(participation, levels, members));
    for (i = 0; i < members; i++) {
        CopLevel level = (CopLevel)77;
        CHECK(levels[i] <= COP_LEVEL_OUTSIDER);
        if (levels[i] <= COP_LEVEL_OUTSIDER) {
            per_level[levels[i]]++;
        }
        if (events[i] == 1) {
            single++;
            single_core += levels[i] == COP_LEVEL_CORE_GROUP;
        }
        /* The bulk call and the one-member call agree. */
        if (cop_participation_level(participation, (uint32_t)i, &level, NULL) != COP_STATUS_OK ||
            level != levels[i]) {
            CHECK(!"cop_participation_level agrees with cop_participation_levels");
            break;
        }
    }
    CHECK(single == 604);
    CHECK(per_level[COP_LEVEL_CORE_GROUP] >= 1);
    CHECK(single_core == 0);
    /* The report counts the same. */
    snprintf(expected, sizeof expected,
             "\"level_counts\":[[\"core_group\",%lu],[\"active\",%lu],[\"occasional\",%lu],"
             "[\"peripheral\",%lu],[\"transactional\",%lu],[\"outsider\",%lu]]",
             (unsigned long)per_level[0], (unsigned long)per_level[1],
             (unsigned long)per_level[2], (unsigned long)per_level[3],
             (unsigned long)per_level[4], (unsigned long)per_level[5]);
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    CHECK(starts_with(json, "{\"as_of\":\"2026-04-09T04:04:03Z\",\"policy\":\"quantile\","));
    CHECK(contains(json, expected));
    CHECK(contains(json, "\"period\":\"month\",\"dates\":[\"2010-04-30T23:59:59Z\","));
    cop_string_free(json);

    /* Two policies compared: kappa between the quantile and the coronet levels. */
    CHECK_OK(cop_participation_compute(landscape, FLASK_LAST_EVENT,
                                       "{\"policy\":{\"policy\":\"preset\",\"name\":\"coronet\"}}",
                                       &coronet));
    coronet_levels = (CopLevel *)malloc(members * sizeof *coronet_levels);
    a = (uint32_t *)malloc(members * sizeof *a);
    b = (uint32_t *)malloc(members * sizeof *b);
    if (coronet != NULL && coronet_levels != NULL && a != NULL && b != NULL) {
        CHECK_OK(cop_participation_levels(coronet, coronet_levels, members));
        for (i = 0; i < members; i++) {
            a[i] = (uint32_t)levels[i];
            b[i] = (uint32_t)coronet_levels[i];
        }
        CHECK_OK(cop_agreement_kappa(a, b, members, &kappa));
        CHECK(kappa >= -1.0 && kappa < 1.0);
        CHECK_OK(cop_agreement_kappa(a, a, members, &kappa));
        CHECK(kappa == 1.0);
    } else {
        CHECK(!"the coronet analysis could not be set up");
    }

    /* The structure of the last year. */
    CHECK_OK(cop_landscape_structure_json(landscape, FLASK_LAST_EVENT, 365, COP_EDGE_WEIGHT_COUNT,
                                          &json));
    CHECK(starts_with(json, "{\"as_of\":\"2026-04-09T04:04:03Z\",\"window_days\":365,"
                            "\"connected_members\":"));
    CHECK(contains(json, "\"members\":[{\"member\":\"a"));
    cop_string_free(json);

    check_flask_maturity(landscape);

done:
    free(a);
    free(b);
    free(coronet_levels);
    free(levels);
    free(events);
    cop_participation_free(coronet);
    cop_participation_free(participation);
    cop_landscape_free(landscape);
}

/* ----- matching: mentors, experts, peers, communities ------------------------------------ */

/* 2024-05-01T10:00:00Z; the last event of examples/data/stackexchange-coffee-2015-events.csv
 * (2015-03-07T00:21:07Z). */
#define MAY1 INT64_C(1714557600)
#define COFFEE_LAST_EVENT INT64_C(1425687667)

static void record_in(CopLandscape *landscape, const char *member, int64_t time, const char *kind,
                      const char *domain, const char *target) {
    CopKeyedEvent event = keyed_of(member, time, kind);
    event.domain = domain;
    event.target = target;
    CHECK_OK(cop_landscape_record_keyed(landscape, &event, false, NULL));
}

/* Ada answers questions about testing toward eve, fay and gus over 20 days and reviews a few;
 * bob answers about docs; the newcomers cy and dan ask about testing once each, last of all.
 * Returns the time of the last event. */
static int64_t matching_landscape(CopLandscape *landscape) {
    static const char *const askers[] = {"eve", "fay", "gus"};
    int day;
    for (day = 0; day < 20; day++) {
        record_in(landscape, "ada", MAY1 + day * DAY, "answer", "testing", askers[day % 3]);
        if (day % 5 == 0) {
            record_in(landscape, "ada", MAY1 + day * DAY + 3600, "review", "testing",
                      askers[(day + 1) % 3]);
        }
        if (day % 2 == 0) {
            record_in(landscape, "bob", MAY1 + day * DAY + 7200, "answer", "docs", askers[day % 3]);
        }
    }
    record_in(landscape, "cy", MAY1 + 24 * DAY, "ask", "testing", NULL);
    record_in(landscape, "dan", MAY1 + 25 * DAY, "ask", "testing", NULL);
    return MAY1 + 25 * DAY;
}

static void test_matching(const char *requests_path) {
    CopLandscape *landscape = new_landscape();
    CopLandscape *coffee = new_landscape();
    CopParticipation *participation = NULL, *coffee_participation = NULL;
    uint32_t testing = COP_NONE, cy = COP_NONE, dan = COP_NONE;
    char *json = NULL, path[4096];
    const char *first;
    int64_t as_of = matching_landscape(landscape);

    CHECK_OK(cop_landscape_domain_id(landscape, "testing", &testing));
    CHECK_OK(cop_landscape_member_id(landscape, "cy", &cy));
    CHECK_OK(cop_landscape_member_id(landscape, "dan", &dan));
    CHECK_OK(cop_participation_compute(landscape, as_of, NULL, &participation));
    if (participation == NULL) {
        CHECK(!"the matching analysis could not be set up");
        goto done;
    }

    /* Mentors, with the default options: the newcomers asking about testing get ada. */
    CHECK_OK(cop_participation_suggest_mentors_json(participation, landscape, as_of, NULL, &json));
    CHECK(starts_with(json, "{\"mode\":\"optimal\","));
    CHECK(json_has(json, "\"pairs\":[{"));
    CHECK(json_has(json, "\"mentor\":\"ada\""));
    CHECK(json_has(json, "\"mentee\":\"cy\"") || json_has(json, "\"mentee\":\"dan\""));
    CHECK(json_has(json, "\"mentee\":\"cy\",\"mentee_id\":") &&
          json_has(json, "\"mentee\":\"dan\",\"mentee_id\":"));
    CHECK(!contains(json, "\"mentor\":\"bob\"")); /* docs is no topic of theirs */
    cop_string_free(json);
    /* Options: one mentee, greedy. */
    CHECK_OK(cop_participation_suggest_mentors_json(
        participation, landscape, as_of, "{\"mode\":\"greedy\",\"mentees\":[\"cy\"]}", &json));
    CHECK(starts_with(json, "{\"mode\":\"greedy\","));
    CHECK(json_has(json, "{\"mentee\":\"cy\",\"mentee_id\":"));
    CHECK(json_has(json, "\"mentor\":\"ada\""));
    CHECK(!contains(json, "\"mentee\":\"dan\""));
    cop_string_free(json);
    json = NULL;
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, as_of,
                                                        "{\"top_k\":", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("matching options"));
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, as_of,
                                                        "{\"mode\":\"random\"}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, as_of,
                                                        "{\"top_k\":0}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, as_of,
                                                        "{\"mentees\":[\"nobody\"]}", &json),
                 COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, as_of,
                                                        "{\"m\xff\":1}", &json),
                 COP_STATUS_INVALID_UTF8);
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, INT64_MAX, NULL,
                                                        &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_participation_suggest_mentors_json(NULL, landscape, as_of, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `participation` is NULL"));
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, NULL, as_of, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, as_of, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `out_json` is NULL"));
    CHECK(json == NULL); /* out-params are written only on success */

    /* Experts for testing: ada first; nobody else answers about testing. */
    CHECK_OK(cop_landscape_find_experts_json(landscape, testing, as_of, 5, NULL, &json));
    CHECK(starts_with(json, "[{\"member\":"));
    first = json ? strstr(json, "\"member\":") : NULL;
    CHECK(starts_with(first, "\"member\":\"ada\""));
    CHECK(!contains(json, "\"member\":\"bob\""));
    cop_string_free(json);
    CHECK_OK(cop_landscape_find_experts_json(landscape, testing, as_of, 5,
                                             "{\"exclude\":[\"ada\"]}", &json));
    CHECK(!contains(json, "\"member\":\"ada\""));
    cop_string_free(json);
    CHECK_OK(cop_landscape_find_experts_json(landscape, testing, as_of, 0, NULL, &json));
    CHECK(take_string(json, "[]"));
    json = NULL;
    CHECK_STATUS(cop_landscape_find_experts_json(landscape, 99, as_of, 5, NULL, &json),
                 COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no domain with id 99"));
    CHECK_STATUS(cop_landscape_find_experts_json(landscape, testing, as_of, 5, "[1,2]", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("expert options"));
    CHECK_STATUS(cop_landscape_find_experts_json(landscape, testing, as_of, 5,
                                                 "{\"half_life_days\":0}", &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_find_experts_json(landscape, testing, as_of, 5,
                                                 "{\"exclude\":[\"nobody\"]}", &json),
                 COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_find_experts_json(NULL, testing, as_of, 5, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_find_experts_json(landscape, testing, as_of, 5, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    /* Learning partners: cy and dan are at the same level, asking about the same thing. */
    CHECK_OK(cop_participation_suggest_peers_json(participation, landscape, as_of, NULL, &json));
    CHECK(starts_with(json, "{\"exact\":true,\"pairs\":["));
    CHECK(json_has(json, "\"total_score\":"));
    cop_string_free(json);
    CHECK_OK(cop_participation_suggest_peers_json(participation, landscape, as_of,
                                                  "{\"members\":[\"cy\",\"dan\"]}", &json));
    CHECK(json_has(json, "\"a\":\"cy\"") && json_has(json, "\"b\":\"dan\""));
    CHECK(json_has(json, "\"domain\":\"testing\""));
    CHECK(json_has(json, "\"members\":2"));
    cop_string_free(json);
    json = NULL;
    CHECK_STATUS(cop_participation_suggest_peers_json(participation, landscape, as_of, "nope",
                                                      &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("peer options"));
    CHECK_STATUS(cop_participation_suggest_peers_json(participation, landscape, as_of,
                                                      "{\"members\":[\"nobody\"]}", &json),
                 COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_participation_suggest_peers_json(NULL, landscape, as_of, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_participation_suggest_peers_json(participation, NULL, as_of, NULL, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_participation_suggest_peers_json(participation, landscape, as_of, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    /* Communities for cy: an array (only the default community exists). */
    CHECK_OK(cop_landscape_recommend_communities_json(landscape, cy, as_of, 3, &json));
    CHECK(starts_with(json, "["));
    CHECK(json != NULL && json[strlen(json) - 1] == ']');
    cop_string_free(json);
    json = NULL;
    CHECK_STATUS(cop_landscape_recommend_communities_json(landscape, 999, as_of, 3, &json),
                 COP_STATUS_UNKNOWN_ID);
    CHECK(equal(cop_last_error_message(), "no member with id 999"));
    CHECK_STATUS(cop_landscape_recommend_communities_json(landscape, cy, INT64_MIN, 3, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_recommend_communities_json(NULL, cy, as_of, 3, &json),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_recommend_communities_json(landscape, dan, as_of, 3, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    /* The coffee Stack Exchange of 2015: mentors with the defaults. */
    sibling(requests_path, "stackexchange-coffee-2015-events.csv", path, sizeof path);
    CHECK_OK(cop_landscape_import_csv_path(coffee, path, NULL, NULL, NULL));
    CHECK_OK(cop_participation_compute(coffee, COFFEE_LAST_EVENT, NULL, &coffee_participation));
    if (coffee_participation != NULL) {
        CHECK_OK(cop_participation_suggest_mentors_json(coffee_participation, coffee,
                                                        COFFEE_LAST_EVENT, NULL, &json));
        CHECK(starts_with(json, "{\"mode\":\"optimal\",\"as_of\":\"2015-03-07T00:21:07Z\","));
        CHECK(json_has(json, "\"pairs\":["));
        CHECK(json_has(json, "\"unmatched\":["));
        cop_string_free(json);
    } else {
        CHECK(!"the coffee analysis could not be set up");
    }

done:
    cop_participation_free(coffee_participation);
    cop_participation_free(participation);
    cop_landscape_free(coffee);
    cop_landscape_free(landscape);
}

/* ----- honest answers: levels, retention, partial periods, advice, mentor scores ---------- */

static char honest_csv[65536];

/* Appends a line to honest_csv. */
static void csv_line(const char *member, int64_t time, const char *kind, const char *domain,
                     const char *weight) {
    size_t used = strlen(honest_csv);
    snprintf(honest_csv + used, sizeof honest_csv - used, "%s,%lld,%s,%s,%s\n", member,
             (long long)time, kind, domain, weight);
}

static CopLandscape *honest_landscape(void) {
    CopLandscape *landscape = new_landscape();
    CopImportOptions options = options_of(false, false, NULL);
    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)honest_csv,
                                             strlen(honest_csv), &options, NULL, NULL));
    return landscape;
}

static uint32_t member_id_of(const CopLandscape *landscape, const char *key) {
    uint32_t id = COP_NONE;
    CHECK_OK(cop_landscape_member_id(landscape, key, &id));
    return id;
}

static void test_honest_answers(void) {
    CopLandscape *landscape = NULL;
    CopParticipation *participation = NULL;
    CopLevel level = (CopLevel)77;
    CopTrajectory trajectory = (CopTrajectory)77;
    char *json = NULL;
    char key[16];
    int i, k;
    int64_t hour = 0;

    /* A one-event member in a busy community is occasional or lower: 19 members with 2 … 20
     * commits, and solo whose single event weighs 100 (the top score). */
    strcpy(honest_csv, "member,time,kind,domain,weight\n");
    for (i = 0; i < 19; i++) {
        snprintf(key, sizeof key, "m%d", i);
        for (k = 0; k < i + 2; k++) {
            csv_line(key, T0 + 3600 * hour++, "commit", "", "");
        }
    }
    csv_line("solo", T0 + 3600 * hour, "commit", "", "100");
    landscape = honest_landscape();
    CHECK_OK(cop_participation_compute(landscape, T0 + 30 * 86400, NULL, &participation));
    CHECK_OK(cop_participation_level(participation, member_id_of(landscape, "solo"), &level, NULL));
    CHECK(level == COP_LEVEL_OCCASIONAL);
    CHECK_OK(cop_participation_trajectory(participation, member_id_of(landscape, "solo"), &trajectory));
    CHECK(trajectory != COP_TRAJECTORY_INSIDER);
    cop_participation_free(participation);
    participation = NULL;
    cop_landscape_free(landscape);

    /* Members tied at the cut share a level: each member's commits on a day of their own, no
     * decay; m1 … m3 tie with the second of ceil(0.15 x 10) = 2 core places. */
    strcpy(honest_csv, "member,time,kind,domain,weight\n");
    {
        static const int counts[10] = {9, 5, 5, 5, 3, 3, 3, 2, 2, 2};
        static const CopLevel expected[10] = {
            COP_LEVEL_CORE_GROUP,    COP_LEVEL_CORE_GROUP,    COP_LEVEL_CORE_GROUP,
            COP_LEVEL_CORE_GROUP,    COP_LEVEL_OCCASIONAL,    COP_LEVEL_OCCASIONAL,
            COP_LEVEL_OCCASIONAL,    COP_LEVEL_TRANSACTIONAL, COP_LEVEL_TRANSACTIONAL,
            COP_LEVEL_TRANSACTIONAL,
        };
        for (i = 0; i < 10; i++) {
            snprintf(key, sizeof key, "m%d", i);
            for (k = 0; k < counts[i]; k++) {
                csv_line(key, T0 + 86400 * (int64_t)i + 60 * k, "commit", "", "");
            }
        }
        landscape = honest_landscape();
        CHECK_OK(cop_participation_compute(landscape, T0 + 30 * 86400,
                                           "{\"participation\":{\"decay\":{\"type\":\"none\"}}}",
                                           &participation));
        for (i = 0; i < 10; i++) {
            snprintf(key, sizeof key, "m%d", i);
            level = (CopLevel)77;
            CHECK_OK(cop_participation_level(participation, member_id_of(landscape, key), &level, NULL));
            CHECK(level == expected[i]);
        }
        cop_participation_free(participation);
        participation = NULL;
        cop_landscape_free(landscape);
    }

    /* A member who never came back is not retained: x acts once in January, y in January and
     * March, z every month from February; as of the end of June. */
    strcpy(honest_csv, "member,time,kind,domain,weight\n");
    csv_line("x", at_2024(1, 10, 10, 0, 0), "commit", "", "");
    csv_line("y", at_2024(1, 11, 10, 0, 0), "commit", "", "");
    csv_line("y", at_2024(3, 11, 10, 0, 0), "commit", "", "");
    for (i = 2; i <= 6; i++) {
        csv_line("z", at_2024(i, 1, 10, 0, 0), "commit", "", "");
    }
    landscape = honest_landscape();
    CHECK_OK(cop_landscape_health_json(landscape, at_2024(6, 30, 23, 59, 59), NULL, &json));
    CHECK(json_has(json, "\"retention\":[{\"joined\":\"2024-01-01T00:00:00Z\",\"size\":2,"
                         "\"retained\":[0.0,0.5,0.0,0.0,0.0]},{\"joined\":\"2024-02-01T00:00:00Z\","
                         "\"size\":1,\"retained\":[1.0,1.0,1.0,1.0]}]"));
    cop_string_free(json);
    json = NULL;
    /* A partial last month is labelled partial (and left out of retention). */
    CHECK_OK(cop_participation_compute(landscape, at_2024(6, 15, 0, 0, 0), NULL, &participation));
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    CHECK(json_has(json, "\"last_partial\":true"));
    cop_string_free(json);
    json = NULL;
    cop_participation_free(participation);
    participation = NULL;
    CHECK_OK(cop_participation_compute(landscape, at_2024(6, 30, 23, 59, 59), NULL, &participation));
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    CHECK(json_has(json, "\"last_partial\":false"));
    cop_string_free(json);
    json = NULL;
    cop_participation_free(participation);
    participation = NULL;
    cop_landscape_free(landscape);

    /* No organiser or leadership advice without organising events: 45 members committing. */
    strcpy(honest_csv, "member,time,kind,domain,weight\n");
    for (k = 0; k < 10; k++) {
        for (i = 0; i < 45; i++) {
            snprintf(key, sizeof key, "m%d", i);
            csv_line(key, at_2024(1, 1, 10, 0, 0) + 7 * 86400 * (int64_t)k + 60 * i, "commit", "src", "");
        }
    }
    landscape = honest_landscape();
    CHECK_OK(cop_landscape_health_json(landscape, MAR31, NULL, &json));
    CHECK(json_has(json, "\"organising_recorded\":false"));
    CHECK(json_has(json, "\"leaders\":null,\"leadership_flag\":null"));
    cop_string_free(json);
    json = NULL;
    CHECK_OK(cop_landscape_maturity_json(landscape, MAR31, NULL, &json));
    CHECK(!contains(json, "\"about\":\"organiser_load\"") && !contains(json, "\"about\":\"leadership\""));
    cop_string_free(json);
    json = NULL;
    cop_landscape_free(landscape);

    /* Mentor scores differ across members of different domain histories: alma commits 3 times
     * to src and once to docs, sam merged 20 times in src, dee reviewed 4 times in docs. */
    strcpy(honest_csv, "member,time,kind,domain,weight\n");
    for (i = 1; i <= 3; i++) {
        csv_line("alma", at_2024(5, i, 10, 0, 0), "commit", "src", "");
    }
    csv_line("alma", at_2024(5, 4, 10, 0, 0), "commit", "docs", "");
    for (i = 0; i < 20; i++) {
        csv_line("sam", at_2024(5, 6 + i / 2, 10 + i % 2, 0, 0), "merge", "src", "");
    }
    for (i = 6; i <= 9; i++) {
        csv_line("dee", at_2024(5, i, 10, 0, 0), "review", "docs", "");
    }
    landscape = honest_landscape();
    CHECK_OK(cop_participation_compute(landscape, at_2024(6, 1, 0, 0, 0), NULL, &participation));
    CHECK_OK(cop_participation_suggest_mentors_json(
        participation, landscape, at_2024(6, 1, 0, 0, 0),
        "{\"mentees\":[\"alma\"],\"mentors\":[\"sam\"]}", &json));
    CHECK(json_has(json, "\"score\":0.775"));
    CHECK(json_has(json, "\"domain_fit\":1.0"));
    cop_string_free(json);
    json = NULL;
    CHECK_OK(cop_participation_suggest_mentors_json(
        participation, landscape, at_2024(6, 1, 0, 0, 0),
        "{\"mentees\":[\"alma\"],\"mentors\":[\"dee\"]}", &json));
    CHECK(json_has(json, "\"domain\":\"docs\""));
    CHECK(json_has(json, "\"domain_fit\":0.3333333333333333"));
    CHECK(!contains(json, "\"score\":0.775"));
    cop_string_free(json);
    cop_participation_free(participation);
    cop_landscape_free(landscape);
}

/* ----- hostile input (issue 17) ----------------------------------------------------------- */

static void test_hostile_input(const char *dir) {
    CopLandscape *landscape = new_landscape();
    CopParticipation *participation = NULL;
    const char *people[] = {"ada"};
    const char *kinds[] = {"ask"};
    const int64_t time[] = {T0, T0 + 60};
    const int64_t far_time[] = {T0, INT64_MAX};
    const uint32_t member_codes[] = {0, COP_NONE};
    const uint32_t kind_codes[] = {0, 0};
    CopKeyCodes member, kind;
    CopImportOptions options = options_of(false, false, NULL);
    CopKeyedEvent keyed = keyed_of("ada", INT64_MAX, "ask");
    char deep[200];
    char *long_key = NULL;
    char *json = NULL;
    const char *path = scratch(dir, 0, "hostile.snapshot.json");
    uint32_t id = COP_NONE, a = COP_NONE, b = COP_NONE;
    size_t i;

    member.codes = member_codes; member.keys = people; member.key_count = 1;
    kind.codes = kind_codes; kind.keys = kinds; kind.key_count = 1;

    /* A missing member code is a bad record naming the row and the column; nothing is recorded. */
    CHECK_STATUS(cop_landscape_record_coded_batch(landscape, 2, time, &member, &kind, NULL, NULL, NULL, NULL,
                                                  NULL, NULL, &options, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(cop_last_error_line() == 2);
    CHECK(equal(cop_last_error_field(), "member"));
    CHECK(contains(cop_last_error_message(), "missing"));
    CHECK(counts_of(landscape).events == 0 && counts_of(landscape).members == 0);
    /* A time out of the range of times, in a coded batch and by keys. */
    member.codes = kind_codes;
    CHECK_STATUS(cop_landscape_record_coded_batch(landscape, 2, far_time, &member, &kind, NULL, NULL, NULL,
                                                  NULL, NULL, NULL, &options, NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(cop_last_error_line() == 2 && contains(cop_last_error_message(), "out of the supported range"));
    CHECK_STATUS(cop_landscape_record_keyed(landscape, &keyed, false, NULL), COP_STATUS_INVALID_VALUE);
    CHECK(counts_of(landscape).events == 0 && counts_of(landscape).members == 0);
    /* The landscape is still whole: recording, analysing and saving work. */
    CHECK_OK(cop_landscape_record_coded_batch(landscape, 2, time, &member, &kind, NULL, NULL, NULL, NULL, NULL,
                                              NULL, &options, NULL, NULL));
    CHECK_OK(cop_participation_compute(landscape, T0 + 120, NULL, &participation));
    cop_participation_free(participation);
    participation = NULL;
    /* An analysis spanning more than 10,000 periods names as_of, at once. */
    CHECK_STATUS(cop_participation_compute(landscape, INT64_C(253402300799), NULL, &participation),
                 COP_STATUS_INVALID_VALUE);
    CHECK(participation == NULL && contains(cop_last_error_message(), "as_of"));
    CHECK_STATUS(cop_participation_compute(landscape, INT64_MAX, NULL, &participation), COP_STATUS_INVALID_VALUE);

    /* Domain paths at most 32 deep; set_parent keeps to the limit. */
    deep[0] = '\0';
    for (i = 0; i < 33; i++) {
        strcat(deep, i == 0 ? "d" : "/d");
    }
    CHECK_STATUS(cop_landscape_add_domain(landscape, deep, &id), COP_STATUS_INVALID_VALUE);
    CHECK(contains(cop_last_error_message(), "at most 32"));
    deep[strlen(deep) - 2] = '\0'; /* 32 segments */
    CHECK_OK(cop_landscape_add_domain(landscape, deep, &a));
    CHECK_OK(cop_landscape_add_domain(landscape, "top", &b));
    CHECK_OK(cop_landscape_domain_id(landscape, "d", &id));
    CHECK_STATUS(cop_landscape_set_domain_parent(landscape, id, b), COP_STATUS_INVALID_VALUE);
    CHECK(contains(cop_last_error_message(), "33 domains deep"));
    CHECK_OK(cop_landscape_domain_parent(landscape, id, &a));
    CHECK(a == COP_NONE);
    /* Keys at most 1,024 bytes; the message quotes only the start of the key. */
    long_key = (char *)malloc(2000);
    memset(long_key, 'k', 1999);
    long_key[1999] = '\0';
    CHECK_STATUS(cop_landscape_add_member(landscape, long_key, &id), COP_STATUS_INVALID_VALUE);
    CHECK(strlen(cop_last_error_message()) < 400);
    free(long_key);

    /* A failed save leaves the previous file (a file size limit makes the write fail midway). */
    CHECK_OK(cop_landscape_save_snapshot_path(landscape, path));
    CHECK_OK(cop_landscape_save_snapshot_string(landscape, &json));
#if !defined(_WIN32)
    {
        struct rlimit old_limit, small;
        void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
        CopLandscape *loaded = NULL;
        char *json_loaded = NULL;
        CHECK(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
        for (i = 0; i < 200; i++) {
            char key[32];
            snprintf(key, sizeof key, "member-%u", (unsigned)i);
            CHECK_OK(cop_landscape_add_member(landscape, key, NULL));
        }
        small = old_limit;
        small.rlim_cur = 512;
        CHECK(setrlimit(RLIMIT_FSIZE, &small) == 0);
        CHECK_STATUS(cop_landscape_save_snapshot_path(landscape, path), COP_STATUS_IO);
        CHECK(contains(cop_last_error_message(), "hostile.snapshot.json"));
        CHECK(setrlimit(RLIMIT_FSIZE, &old_limit) == 0);
        signal(SIGXFSZ, old_handler);
        CHECK_OK(cop_landscape_load_snapshot_path(path, &loaded));
        CHECK_OK(cop_landscape_save_snapshot_string(loaded, &json_loaded));
        CHECK(equal(json, json_loaded));
        cop_string_free(json_loaded);
        cop_landscape_free(loaded);
    }
#endif
    /* A directory is named in the error. */
    CHECK_STATUS(cop_landscape_save_snapshot_path(landscape, dir), COP_STATUS_IO);
    CHECK(contains(cop_last_error_message(), dir));
    {
        CopLandscape *loaded = NULL;
        CHECK_STATUS(cop_landscape_load_snapshot_path(dir, &loaded), COP_STATUS_IO);
        CHECK(loaded == NULL && contains(cop_last_error_message(), dir));
        CHECK_STATUS(cop_landscape_import_csv_path(landscape, dir, NULL, NULL, NULL), COP_STATUS_IO);
        CHECK(contains(cop_last_error_message(), dir));
    }
    /* Keys with white space around them are refused (event files are read trimmed). */
    CHECK_STATUS(cop_landscape_add_member(landscape, " ada", NULL), COP_STATUS_INVALID_VALUE);
    CHECK(contains(cop_last_error_message(), "white space"));
    /* Snapshots in states the API refuses: version 0. */
    {
        const char *version0 = "{\"format\":\"cop-landscape\",\"version\":0}";
        CopLandscape *loaded = NULL;
        CHECK_STATUS(cop_landscape_load_snapshot_buffer((const uint8_t *)version0, strlen(version0), &loaded),
                     COP_STATUS_SNAPSHOT);
        CHECK(loaded == NULL && contains(cop_last_error_message(), "version 0"));
    }
    /* Line numbers of a CRLF file with a quoted field and of a lone-CR file. */
    {
        const char *crlf = "member,time,kind\r\n\"ada\",2024-01-01,ask\r\nbob,never,ask\r\n";
        const char *cr = "member,time,kind\rada,2024-01-01,ask\rbob,never,ask\r";
        CopImportOptions stop = options_of(false, false, NULL);
        CopLandscape *fresh = new_landscape();
        CHECK_STATUS(cop_landscape_import_csv_buffer(fresh, (const uint8_t *)crlf, strlen(crlf), &stop, NULL, NULL),
                     COP_STATUS_RECORD);
        CHECK(cop_last_error_line() == 3);
        CHECK_STATUS(cop_landscape_import_csv_buffer(fresh, (const uint8_t *)cr, strlen(cr), &stop, NULL, NULL),
                     COP_STATUS_RECORD);
        CHECK(cop_last_error_line() == 3);
        CHECK(counts_of(fresh).events == 0);
        cop_landscape_free(fresh);
    }
    cop_string_free(json);
    cop_landscape_free(landscape);
}

/* ----- durable storage ------------------------------------------------------------------- */

/* A snapshot of the landscape as a string owned by the caller. */
static char *snapshot_of(const CopLandscape *landscape) {
    char *json = NULL;
    CHECK_OK(cop_landscape_save_snapshot_string(landscape, &json));
    return json;
}

static void test_durable(const char *dir) {
    const char *path = scratch(dir, 0, "durable.cop");
    CopLandscape *store = NULL;
    CopLandscape *reopened = NULL;
    CopKeyedEvent first[2], second[1], bad[2];
    CopImportOptions options = options_of(false, false, NULL);
    CopImportOptions strict = options_of(true, false, NULL);
    char *before = NULL, *after = NULL;
    const char *csv = "member,time,kind,target\nlinus,2024-03-02T08:00:00Z,review,ada\n";

    remove(path);
    remove(scratch(dir, 1, "durable.cop-wal"));
    remove(scratch(dir, 1, "durable.cop-shm"));

    /* Open, record two batches, close, reopen: the same landscape. */
    CHECK_OK(cop_landscape_open(path, &store));
    CHECK(store != NULL);
    first[0] = keyed_of("ada", T0, "ask");
    first[1] = keyed_of("grace", T0 + 60, "answer");
    first[1].target = "ada";
    first[1].thread = "q1";
    CHECK_OK(cop_landscape_record_keyed_batch(store, first, 2, &options, NULL, NULL));
    CHECK_OK(cop_landscape_import_csv_buffer(store, (const uint8_t *)csv, strlen(csv), NULL, NULL, NULL));
    before = snapshot_of(store);
    cop_landscape_free(store);
    CHECK_OK(cop_landscape_open(path, &reopened));
    CHECK(counts_of(reopened).events == 3);
    after = snapshot_of(reopened);
    CHECK(equal(before, after));
    cop_string_free(after);

    /* A bad batch is refused and changes neither memory nor the file. */
    bad[0] = keyed_of("new-member", T0 + 100, "ask");
    bad[1] = keyed_of("", T0 + 101, "ask");
    CHECK_STATUS(cop_landscape_record_keyed_batch(reopened, bad, 2, &options, NULL, NULL), COP_STATUS_RECORD);
    second[0] = keyed_of("ada", T0 + 102, "ask");
    second[0].target = "nobody";
    CHECK_STATUS(cop_landscape_record_keyed_batch(reopened, second, 1, &strict, NULL, NULL), COP_STATUS_RECORD);
    after = snapshot_of(reopened);
    CHECK(equal(before, after));
    cop_string_free(after);
    cop_landscape_free(reopened);
    reopened = NULL;
    CHECK_OK(cop_landscape_open(path, &reopened));
    after = snapshot_of(reopened);
    CHECK(equal(before, after));
    cop_string_free(after);
    cop_string_free(before);

    /* Compaction keeps everything; a change outside a batch is kept by it. */
    second[0] = keyed_of("grace", T0 + 200, "kudos");
    CHECK_OK(cop_landscape_record_keyed_batch(reopened, second, 1, &options, NULL, NULL));
    CHECK_OK(cop_landscape_add_member(reopened, "hedy", NULL));
    CHECK_OK(cop_landscape_compact(reopened));
    before = snapshot_of(reopened);
    cop_landscape_free(reopened);
    reopened = NULL;
    CHECK_OK(cop_landscape_open(path, &reopened));
    after = snapshot_of(reopened);
    CHECK(equal(before, after));
    CHECK(counts_of(reopened).members == 4);
    cop_string_free(after);
    cop_string_free(before);
    cop_landscape_free(reopened);

    /* Compacting an in-memory landscape does nothing; errors. */
    store = new_landscape();
    CHECK_OK(cop_landscape_compact(store));
    cop_landscape_free(store);
    store = NULL;
    CHECK_STATUS(cop_landscape_compact(NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_open(NULL, &store), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_open(path, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_open("/nonexistent-dir/s.cop", &store), COP_STATUS_IO);
    CHECK(store == NULL);
}

/* ----- people: identities, merges, bots and staff, scope, forgetting --------------------- */

/* Four identities: ada@home (0), ada@work (1), bob (2) and dependabot[bot] (3), a bot by its
 * key. Six events: ada@home 1, ada@work 2 (one answering bob), bob 2 (one answering ada@work,
 * one reviewing the bot), the bot 1. */
static const char people_csv[] =
    "member,time,kind,target\n"
    "ada@home,2024-01-01T10:00:00Z,ask,\n"
    "ada@work,2024-01-02T10:00:00Z,answer,bob\n"
    "bob,2024-01-03T10:00:00Z,answer,ada@work\n"
    "ada@work,2024-01-04T10:00:00Z,commit,\n"
    "dependabot[bot],2024-01-05T10:00:00Z,commit,\n"
    "bob,2024-01-06T10:00:00Z,review,dependabot[bot]\n";

/* 2024-01-31T00:00:00Z */
#define JAN31 INT64_C(1706659200)

/* The whole text of a file (freed with free()), or NULL. */
static char *read_text(const char *path) {
    FILE *file = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (file == NULL) {
        return NULL;
    }
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
        text = (char *)malloc((size_t)size + 1);
        if (text != NULL) {
            text[fread(text, 1, (size_t)size, file)] = '\0';
        }
    }
    fclose(file);
    return text;
}

/* The events analyses read, as the CSV event file that exporting writes (freed with free()). */
static char *exported(const CopLandscape *landscape, const char *path) {
    CHECK_OK(cop_landscape_export_csv_path(landscape, path));
    return read_text(path);
}

static int people_are(const CopLandscape *landscape, const char *expected) {
    char *json = NULL;
    CHECK_OK(cop_landscape_people_json(landscape, &json));
    return take_string(json, expected);
}

static int flag_of(CopStatus (*query)(const CopLandscape *, const char *, bool *),
                   const CopLandscape *landscape, const char *key) {
    bool flag = false;
    CHECK_OK(query(landscape, key, &flag));
    return flag ? 1 : 0;
}

static CopLevel level_as_of_jan31(const CopLandscape *landscape, uint32_t member) {
    CopParticipation *participation = NULL;
    CopLevel level = (CopLevel)77;
    CHECK_OK(cop_participation_compute(landscape, JAN31, NULL, &participation));
    CHECK_OK(cop_participation_level(participation, member, &level, NULL));
    cop_participation_free(participation);
    return level;
}

static size_t acting_members(const CopLandscape *landscape) {
    char *json = NULL;
    size_t acting = 0;
    const char *at;
    CHECK_OK(cop_landscape_summary_json(landscape, 3, &json));
    at = strstr(json, "\"acting_members\":");
    CHECK(at != NULL);
    if (at != NULL) {
        acting = (size_t)strtoul(at + strlen("\"acting_members\":"), NULL, 10);
    }
    cop_string_free(json);
    return acting;
}

static void test_people(const char *dir) {
    CopLandscape *landscape = new_landscape();
    CopLandscape *loaded = NULL;
    CopCounts counts;
    CopIdentitiesReport report;
    CopKeyedEvent keyed;
    const char *csv_out = scratch(dir, 0, "people.csv");
    const char *identities_path = scratch(dir, 1, "identities.csv");
    const char *store_path = scratch(dir, 2, "people.cop");
    const char *merge_file = "identity,member\nada@work,ada@home\n";
    const char *split_file = "identity,member\nada@work,ada@work\n";
    const char *bad_file = "identity,member\nada@work,ada@home\nbob,nobody\n";
    const char *bad_header = "who,whom\nada@work,ada@home\n";
    char *before = NULL, *merged = NULL, *after = NULL, *json = NULL;
    bool changed = false, bots = false, staff = false;
    size_t removed = 0;
    uint32_t id = 12345;
    FILE *file;

    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)people_csv,
                                             strlen(people_csv), NULL, NULL, NULL));

    /* The bot was recognised by its key: its commit is left out, and so is the target of bob's
     * review; members 3 (ada@home, ada@work, bob), events 5. */
    counts = counts_of(landscape);
    CHECK(counts.members == 3 && counts.events == 5);
    CHECK(people_are(landscape, "{\"identities\":4,\"members\":4,\"merges\":[],\"bots\":1,"
                                "\"staff\":0,\"left_out\":1,\"events_left_out\":1}"));
    CHECK(flag_of(cop_landscape_is_bot, landscape, "dependabot[bot]") == 1);
    CHECK(flag_of(cop_landscape_is_left_out, landscape, "dependabot[bot]") == 1);
    CHECK(flag_of(cop_landscape_is_bot, landscape, "bob") == 0);
    CHECK(flag_of(cop_landscape_is_staff, landscape, "bob") == 0);
    CHECK(flag_of(cop_landscape_is_left_out, landscape, "bob") == 0);
    CHECK_OK(cop_landscape_scope(landscape, &bots, &staff));
    CHECK(!bots && staff);
    CHECK(acting_members(landscape) == 3);
    before = exported(landscape, csv_out);
    /* ada@work: its 2 events and the target of bob's answer; the bot: nowhere. */
    CHECK(occurrences(before, "ada@home") == 1 && occurrences(before, "ada@work") == 3);
    CHECK(occurrences(before, "bob") == 3 && occurrences(before, "dependabot") == 0);
    CHECK(level_as_of_jan31(landscape, 1) != COP_LEVEL_OUTSIDER);

    /* Merging two identities by key: one member with all three events of both. */
    CHECK_OK(cop_landscape_merge(landscape, "ada@home", "ada@work", "email", &changed));
    CHECK(changed);
    counts = counts_of(landscape);
    CHECK(counts.members == 2 && counts.events == 5);
    CHECK(acting_members(landscape) == 2);
    CHECK(member_id_of(landscape, "ada@work") == 0);
    CHECK(people_are(landscape, "{\"identities\":4,\"members\":3,\"merges\":[[\"email\",1]],"
                                "\"bots\":1,\"staff\":0,\"left_out\":1,\"events_left_out\":1}"));
    merged = exported(landscape, csv_out);
    CHECK(occurrences(merged, "ada@home") == 4 && occurrences(merged, "ada@work") == 0);
    CHECK(occurrences(merged, "bob") == 3);
    free(merged);
    /* Levels see one member: the merged identity has no events of its own. */
    CHECK(level_as_of_jan31(landscape, 1) == COP_LEVEL_OUTSIDER);
    CHECK(level_as_of_jan31(landscape, 0) != COP_LEVEL_OUTSIDER);
    CHECK_OK(cop_landscape_identities_json(landscape, "ada@work", &json));
    CHECK(take_string(json, "[{\"id\":0,\"key\":\"ada@home\",\"identity\":{\"source\":\"\"},"
                            "\"merged\":null},{\"id\":1,\"key\":\"ada@work\",\"identity\":"
                            "{\"source\":\"\"},\"merged\":{\"into\":0,\"rule\":\"email\"}}]"));
    CHECK_OK(cop_landscape_identities_json(landscape, "bob", &json));
    CHECK(take_string(json, "[{\"id\":2,\"key\":\"bob\",\"identity\":{\"source\":\"\"},\"merged\":null}]"));
    /* Once more changes nothing, whichever identity names the member. */
    changed = true;
    CHECK_OK(cop_landscape_merge(landscape, "ada@work", "ada@home", NULL, &changed));
    CHECK(!changed);
    CHECK_OK(cop_landscape_merge(landscape, "ada@home", "ada@work", "api", NULL));

    /* A snapshot keeps the merge. */
    CHECK_OK(cop_landscape_save_snapshot_string(landscape, &json));
    CHECK(starts_with(json, "{\"format\":\"cop-landscape\",\"version\":3,"));
    CHECK_OK(cop_landscape_load_snapshot_buffer((const uint8_t *)json, strlen(json), &loaded));
    cop_string_free(json);
    counts = counts_of(loaded);
    CHECK(counts.members == 2 && counts.events == 5);
    CHECK(member_id_of(loaded, "ada@work") == 0);
    cop_landscape_free(loaded);
    loaded = NULL;

    /* Unmerging restores exactly the events of each member, targets included. */
    CHECK_OK(cop_landscape_unmerge(landscape, "ada@work"));
    counts = counts_of(landscape);
    CHECK(counts.members == 3 && counts.events == 5);
    CHECK(member_id_of(landscape, "ada@work") == 1);
    after = exported(landscape, csv_out);
    CHECK(equal(before, after));
    free(after);
    CHECK(level_as_of_jan31(landscape, 1) != COP_LEVEL_OUTSIDER);
    CHECK_STATUS(cop_landscape_unmerge(landscape, "ada@work"), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("`ada@work` is not merged into another member"));

    /* Errors: a bad rule, unknown keys, NULL; nothing changes. */
    changed = true;
    CHECK_STATUS(cop_landscape_merge(landscape, "ada@home", "ada@work", "fuzzy", &changed),
                 COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(),
                "invalid rule: `fuzzy` is not a merge rule (email, mailmap, noreply, noreply_name, "
                "login, file, api)"));
    CHECK_STATUS(cop_landscape_merge(landscape, "ada@home", "nobody", "api", &changed),
                 COP_STATUS_UNKNOWN_KEY);
    CHECK(equal(cop_last_error_message(), "unknown member `nobody`"));
    CHECK(changed);
    CHECK_STATUS(cop_landscape_merge(landscape, NULL, "ada@work", "api", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(error_says("argument `kept` is NULL"));
    CHECK_STATUS(cop_landscape_merge(NULL, "ada@home", "ada@work", "api", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_unmerge(landscape, "nobody"), COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_unmerge(landscape, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_identities_json(landscape, "nobody", &json), COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_identities_json(landscape, "bob", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_set_bot(landscape, "nobody", true), COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_set_staff(landscape, "nobody", true), COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_is_bot(landscape, "nobody", &bots), COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_is_staff(landscape, "bob", NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_is_left_out(NULL, "bob", &bots), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_set_scope(NULL, true, true), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_scope(NULL, &bots, &staff), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_people_json(landscape, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_forget(landscape, "nobody", &removed), COP_STATUS_UNKNOWN_KEY);
    CHECK(removed == 0);
    CHECK(counts_of(landscape).members == 3 && counts_of(landscape).events == 5);

    /* The scope brings the bot back: its commit, and the target of bob's review. */
    CHECK_OK(cop_landscape_set_scope(landscape, true, true));
    CHECK_OK(cop_landscape_scope(landscape, &bots, NULL));
    CHECK(bots);
    counts = counts_of(landscape);
    CHECK(counts.members == 4 && counts.events == 6);
    CHECK(flag_of(cop_landscape_is_left_out, landscape, "dependabot[bot]") == 0);
    after = exported(landscape, csv_out);
    CHECK(occurrences(after, "dependabot[bot]") == 2);
    free(after);
    CHECK(people_are(landscape, "{\"identities\":4,\"members\":4,\"merges\":[],\"bots\":1,"
                                "\"staff\":0,\"left_out\":0,\"events_left_out\":0}"));
    CHECK_OK(cop_landscape_set_scope(landscape, false, true));
    counts = counts_of(landscape);
    CHECK(counts.members == 3 && counts.events == 5);
    /* An event of a bot is recorded, without an id in the log analyses read. */
    keyed = keyed_of("dependabot[bot]", T0 + 7 * 86400, "commit");
    CHECK_OK(cop_landscape_record_keyed(landscape, &keyed, false, &id));
    CHECK(id == COP_NONE);
    CHECK(counts_of(landscape).events == 5);
    CHECK(people_are(landscape, "{\"identities\":4,\"members\":4,\"merges\":[],\"bots\":1,"
                                "\"staff\":0,\"left_out\":1,\"events_left_out\":2}"));

    /* Flags set by hand: bob as a bot leaves 2 members and ada's 3 events; as staff, bob is
     * counted until the scope leaves staff out. */
    CHECK_OK(cop_landscape_set_bot(landscape, "bob", true));
    CHECK(flag_of(cop_landscape_is_bot, landscape, "bob") == 1);
    counts = counts_of(landscape);
    CHECK(counts.members == 2 && counts.events == 3);
    CHECK_OK(cop_landscape_set_bot(landscape, "bob", false));
    CHECK_OK(cop_landscape_set_staff(landscape, "bob", true));
    CHECK(flag_of(cop_landscape_is_staff, landscape, "bob") == 1);
    counts = counts_of(landscape);
    CHECK(counts.members == 3 && counts.events == 5);
    CHECK_OK(cop_landscape_set_scope(landscape, false, false));
    CHECK(flag_of(cop_landscape_is_left_out, landscape, "bob") == 1);
    counts = counts_of(landscape);
    CHECK(counts.members == 2 && counts.events == 3);
    CHECK(people_are(landscape, "{\"identities\":4,\"members\":4,\"merges\":[],\"bots\":1,"
                                "\"staff\":1,\"left_out\":2,\"events_left_out\":4}"));
    CHECK_OK(cop_landscape_set_scope(landscape, false, true));
    CHECK_OK(cop_landscape_set_staff(landscape, "bob", false));
    CHECK(counts_of(landscape).members == 3);

    /* Identities files: a line merges (rule "file"), a line naming itself splits. */
    CHECK_OK(cop_landscape_import_identities_buffer(landscape, (const uint8_t *)merge_file,
                                                    strlen(merge_file), "people.csv", &report));
    CHECK(report.lines == 1 && report.merged == 1 && report.split == 0);
    CHECK(counts_of(landscape).members == 2);
    CHECK_OK(cop_landscape_identities_json(landscape, "ada@home", &json));
    CHECK(json_has(json, "\"merged\":{\"into\":0,\"rule\":\"file\"}"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_import_identities_buffer(landscape, (const uint8_t *)split_file,
                                                    strlen(split_file), NULL, &report));
    CHECK(report.lines == 1 && report.merged == 0 && report.split == 1);
    CHECK(counts_of(landscape).members == 3);
    /* Errors name the line, column and field; nothing of the file is applied. */
    memset(&report, 0xff, sizeof report);
    CHECK_STATUS(cop_landscape_import_identities_buffer(landscape, (const uint8_t *)bad_file,
                                                        strlen(bad_file), "people.csv", &report),
                 COP_STATUS_RECORD);
    CHECK(equal(cop_last_error_message(), "people.csv:3:2: field `member`: unknown member `nobody`"));
    CHECK(cop_last_error_line() == 3 && cop_last_error_column() == 2);
    CHECK(equal(cop_last_error_field(), "member"));
    CHECK(report.lines == (size_t)-1);
    CHECK(counts_of(landscape).members == 3);
    CHECK_STATUS(cop_landscape_import_identities_buffer(landscape, (const uint8_t *)bad_header,
                                                        strlen(bad_header), NULL, NULL),
                 COP_STATUS_RECORD);
    CHECK(cop_last_error_line() == 1);
    CHECK(error_says("the header must name the columns `identity` and `member`"));
    CHECK_STATUS(cop_landscape_import_identities_buffer(landscape, NULL, 3, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);
    file = fopen(identities_path, "w");
    CHECK(file != NULL);
    if (file != NULL) {
        fputs(bad_file, file);
        fclose(file);
    }
    CHECK_STATUS(cop_landscape_import_identities_path(landscape, identities_path, NULL),
                 COP_STATUS_RECORD);
    CHECK(error_says("identities.csv:3:2: field `member`: unknown member `nobody`"));
    CHECK(cop_last_error_line() == 3);
    file = fopen(identities_path, "w");
    if (file != NULL) {
        fputs(merge_file, file);
        fclose(file);
    }
    CHECK_OK(cop_landscape_import_identities_path(landscape, identities_path, &report));
    CHECK(report.lines == 1 && report.merged == 1 && report.split == 0);
    CHECK(counts_of(landscape).members == 2);
    CHECK_STATUS(cop_landscape_import_identities_path(landscape, scratch(dir, 3, "none.csv"), NULL),
                 COP_STATUS_IO);
    CHECK(error_says("none.csv"));
    CHECK_STATUS(cop_landscape_import_identities_path(landscape, NULL, NULL), COP_STATUS_NULL_ARGUMENT);

    /* What is known of an identity besides its key. */
    CHECK_OK(cop_landscape_set_identity(landscape, "ada@work", "git", "Ada Lovelace",
                                        "ada@example.org", NULL));
    CHECK_OK(cop_landscape_identities_json(landscape, "ada@work", &json));
    CHECK(json_has(json, "{\"id\":1,\"key\":\"ada@work\",\"identity\":{\"source\":\"git\","
                         "\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"},"));
    cop_string_free(json);
    CHECK_STATUS(cop_landscape_set_identity(landscape, "nobody", NULL, NULL, NULL, NULL),
                 COP_STATUS_UNKNOWN_KEY);
    CHECK_STATUS(cop_landscape_set_identity(landscape, NULL, NULL, NULL, NULL, NULL),
                 COP_STATUS_NULL_ARGUMENT);

    /* Forgetting the merged member: its 3 events, both identities and what was known of them
     * leave, and so does the target of bob's answer. */
    CHECK_OK(cop_landscape_forget(landscape, "ada@work", &removed));
    CHECK(removed == 3);
    counts = counts_of(landscape);
    CHECK(counts.members == 1 && counts.events == 2);
    CHECK_STATUS(cop_landscape_member_id(landscape, "ada@home", &id), COP_STATUS_UNKNOWN_KEY);
    CHECK(member_id_of(landscape, "bob") == 0);
    CHECK(people_are(landscape, "{\"identities\":2,\"members\":2,\"merges\":[],\"bots\":1,"
                                "\"staff\":0,\"left_out\":1,\"events_left_out\":2}"));
    CHECK_OK(cop_landscape_save_snapshot_string(landscape, &json));
    CHECK(contains(json, "bob") && contains(json, "dependabot[bot]"));
    CHECK(!contains(json, "ada@") && !contains(json, "Lovelace") && !contains(json, "example.org"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_forget(landscape, "dependabot[bot]", NULL));
    CHECK(people_are(landscape, "{\"identities\":1,\"members\":1,\"merges\":[],\"bots\":0,"
                                "\"staff\":0,\"left_out\":0,\"events_left_out\":0}"));
    CHECK_STATUS(cop_landscape_forget(NULL, "bob", NULL), COP_STATUS_NULL_ARGUMENT);
    cop_landscape_free(landscape);

    /* A landscape kept in a file forgets on the disk too. */
    remove(store_path);
    remove(scratch(dir, 3, "people.cop-wal"));
    remove(scratch(dir, 3, "people.cop-shm"));
    landscape = NULL;
    CHECK_OK(cop_landscape_open(store_path, &landscape));
    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)people_csv,
                                             strlen(people_csv), NULL, NULL, NULL));
    CHECK_OK(cop_landscape_forget(landscape, "ada@work", &removed));
    CHECK(removed == 2);
    cop_landscape_free(landscape);
    CHECK_OK(cop_landscape_open(store_path, &loaded));
    counts = counts_of(loaded);
    CHECK(counts.members == 2 && counts.events == 3);
    CHECK_OK(cop_landscape_save_snapshot_string(loaded, &json));
    CHECK(contains(json, "ada@home") && !contains(json, "ada@work"));
    cop_string_free(json);
    cop_landscape_free(loaded);
    free(before);
}

/* ----- git histories: identities resolved by rule, bots, pseudonyms, errors -------------- */

#if !defined(_WIN32)

/* The script that makes the repository (run with `sh SCRIPT DIR`): eleven commits on fixed
 * dates by eleven identities of seven people (a bot among them), in DIR/repo, and its bare
 * clone DIR/repo.git. Each line is short: C99 allows string literals of 4095 characters. */
static const char *const git_script[] = {
    "set -e",
    "export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 LC_ALL=C",
    "g() { git -c commit.gpgsign=false -c init.defaultBranch=main \"$@\"; }",
    "who() {",
    "  export GIT_AUTHOR_NAME=\"$1\" GIT_AUTHOR_EMAIL=\"$2\"",
    "  export GIT_COMMITTER_NAME=\"$1\" GIT_COMMITTER_EMAIL=\"$2\"",
    "  export GIT_AUTHOR_DATE=\"2024-01-$3T10:00:00Z\" GIT_COMMITTER_DATE=\"2024-01-$3T10:00:00Z\"",
    "}",
    "commit() {",
    "  mkdir -p \"$(dirname \"$4\")\"; printf '%s\\n' \"$5\" >> \"$4\"",
    "  who \"$1\" \"$2\" \"$3\"; g add -A; g commit -q -m \"$5\"",
    "}",
    "mkdir \"$1/repo\"; cd \"$1/repo\"; g init -q",
    /* email: one address, in two cases, under two names */
    "commit 'Ada Lovelace' ada@example.com 01 src/a.c Start",
    "commit ada ADA@Example.COM 02 src/b.c More",
    /* noreply_name: a personal address and a noreply one under one full name */
    "commit 'Grace Hopper' grace@example.org 03 docs/a.md Docs",
    "commit 'Grace Hopper' 1234+ghopper@users.noreply.github.com 04 docs/b.md 'More docs'",
    /* noreply: both noreply forms of one login */
    "commit Octo octo@users.noreply.github.com 05 src/c.c Octo",
    "commit 'Octo Cat' 583231+Octo@users.noreply.github.com 06 src/d.c 'Octo again'",
    /* mailmap: an old address mapped to the new one */
    "commit bobby bob@old.example.org 07 src/e.c 'Bob, before'",
    "printf 'Bob Builder <bob@example.com> <bob@old.example.org>\\n' > .mailmap",
    "commit 'Bob Builder' bob@example.com 08 .mailmap 'Bob, after'",
    /* a pull request with a co-author trailer, merged through GitHub's web flow */
    "g checkout -q -b feature",
    "printf 'Pair work\\n\\nCo-authored-by: Ada Lovelace <ada@example.com>\\n"
    "Co-authored-by: Cy <cy@example.com>\\n' > ../message",
    "mkdir -p src; echo pair > src/f.c; g add -A",
    "who 'Sam Smith' sam@example.com 09; g commit -q -F ../message",
    "g checkout -q main",
    "who 'Ada Lovelace' ada@example.com 10",
    "export GIT_COMMITTER_NAME=GitHub GIT_COMMITTER_EMAIL=noreply@github.com",
    "g merge -q --no-ff --no-edit -m 'Merge pull request #1 from sam/feature' feature",
    /* a bot */
    "commit 'dependabot[bot]' '49699333+dependabot[bot]@users.noreply.github.com' 11 "
    "requirements.txt Bump",
    "cd ..; g clone -q --bare repo repo.git",
};

/* Makes the scripted repository in a new temporary directory, written to `dir` (room for
 * `size` bytes); 0 when git is missing or the script fails (said on stderr). */
static int make_git_history(char *dir, size_t size) {
    const char *tmp = getenv("TMPDIR");
    char command[4400];
    FILE *script;
    size_t i;
    if (system("git --version >/dev/null 2>&1") != 0) {
        fprintf(stderr, "skipped: the git tests need the git command, which is not installed\n");
        return 0;
    }
    snprintf(dir, size, "%s/cop-ctest-git-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL) {
        CHECK(!"mkdtemp made a temporary directory");
        return 0;
    }
    snprintf(command, sizeof command, "%s/make.sh", dir);
    script = fopen(command, "w");
    CHECK(script != NULL);
    if (script == NULL) {
        return 0;
    }
    for (i = 0; i < sizeof git_script / sizeof git_script[0]; i++) {
        fputs(git_script[i], script);
        fputc('\n', script);
    }
    fclose(script);
    snprintf(command, sizeof command, "sh '%s/make.sh' '%s' >'%s/make.log' 2>&1", dir, dir, dir);
    if (system(command) != 0) {
        snprintf(command, sizeof command, "cat '%s/make.log' >&2", dir);
        CHECK(!"the script made the git repository (its output follows)");
        if (system(command) != 0) {
            fprintf(stderr, "    (no output)\n");
        }
        return 0;
    }
    return 1;
}

static void remove_tree(const char *dir) {
    char command[4200];
    snprintf(command, sizeof command, "rm -rf '%s'", dir);
    CHECK(system(command) == 0);
}

/* Imports the history at `path` with `options` into a new landscape; the report, checked
 * against `expected` when not NULL, is freed. */
static CopLandscape *git_landscape(const char *path, const char *options, const char *expected) {
    CopLandscape *landscape = new_landscape();
    char *report = NULL;
    CHECK_OK(cop_landscape_import_git(landscape, path, options, &report));
    if (expected != NULL) {
        CHECK(take_string(report, expected));
    } else {
        cop_string_free(report);
    }
    return landscape;
}

static int identities_are(const CopLandscape *landscape, const char *key, const char *expected) {
    char *json = NULL;
    CHECK_OK(cop_landscape_identities_json(landscape, key, &json));
    return take_string(json, expected);
}

#define ADA "Ada Lovelace <ada@example.com>"
#define OCTO_CAT "Octo Cat <583231+octo@users.noreply.github.com>"
#define DEPENDABOT "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"

/* Commits (11): Ada, ada, Grace twice, Octo, Octo Cat, bobby, Bob, Sam (co-authored by Ada and
 * Cy), the merge of Sam's pull request by Ada through the web flow, dependabot. Events (13):
 * 10 commits, 1 merge (Ada → Sam), 2 co-authorships (Sam → Ada, Sam → Cy). Identities (11):
 * the ten authors and Cy (GitHub's web-flow committer is none). Four merges, one per rule:
 * ada into Ada (email), Grace's noreply identity into Grace (noreply_name), Octo Cat into Octo
 * (noreply), Bob Builder into bobby, who came first (mailmap). Members: 7, of whom analyses
 * see 6 with 12 events: dependabot and its commit are left out. */
static const char git_report[] =
    "{\"commits\":11,\"events\":13,\"identities\":11,\"members\":7,"
    "\"merges\":[[\"email\",1],[\"mailmap\",1],[\"noreply\",1],[\"noreply_name\",1]],"
    "\"bots\":[\"" DEPENDABOT "\"]}";
static const char git_people[] =
    "{\"identities\":11,\"members\":7,"
    "\"merges\":[[\"email\",1],[\"mailmap\",1],[\"noreply\",1],[\"noreply_name\",1]],"
    "\"bots\":1,\"staff\":0,\"left_out\":1,\"events_left_out\":1}";

static void test_git_people(const char *repo) {
    CopLandscape *landscape = git_landscape(repo, NULL, git_report);
    CopCounts counts = counts_of(landscape);
    char *json = NULL;
    uint32_t id = 12345;

    CHECK(counts.members == 6 && counts.events == 12);
    CHECK(people_are(landscape, git_people));
    CHECK(acting_members(landscape) == 5); /* Cy is only co-author */
    CHECK_OK(cop_landscape_summary_json(landscape, 5, &json));
    CHECK(json_has(json, "{\"name\":\"commit\",\"events\":9}"));
    CHECK(json_has(json, "{\"name\":\"merge\",\"events\":1}"));
    CHECK(json_has(json, "{\"name\":\"coauthor\",\"events\":2}"));
    cop_string_free(json);

    /* Each merge with its rule; the member is named by the identity seen first. */
    CHECK(identities_are(landscape, "ada <ada@example.com>",
                         "[{\"id\":0,\"key\":\"" ADA "\",\"identity\":{\"source\":\"git\","
                         "\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"},\"merged\":null},"
                         "{\"id\":1,\"key\":\"ada <ada@example.com>\",\"identity\":{\"source\":"
                         "\"git\",\"name\":\"ada\",\"email\":\"ada@example.com\"},"
                         "\"merged\":{\"into\":0,\"rule\":\"email\"}}]"));
    CHECK(identities_are(landscape, "Grace Hopper <grace@example.org>",
                         "[{\"id\":2,\"key\":\"Grace Hopper <grace@example.org>\",\"identity\":{"
                         "\"source\":\"git\",\"name\":\"Grace Hopper\",\"email\":"
                         "\"grace@example.org\"},\"merged\":null},{\"id\":3,\"key\":\"Grace Hopper "
                         "<1234+ghopper@users.noreply.github.com>\",\"identity\":{\"source\":\"git\","
                         "\"name\":\"Grace Hopper\",\"email\":\"1234+ghopper@users.noreply.github.com\","
                         "\"login\":\"ghopper\"},\"merged\":{\"into\":2,\"rule\":\"noreply_name\"}}]"));
    CHECK_OK(cop_landscape_identities_json(landscape, OCTO_CAT, &json));
    CHECK(json_has(json, "{\"id\":4,\"key\":\"Octo <octo@users.noreply.github.com>\""));
    CHECK(json_has(json, "{\"id\":5,\"key\":\"" OCTO_CAT "\""));
    CHECK(json_has(json, "\"merged\":{\"into\":4,\"rule\":\"noreply\"}}]"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_identities_json(landscape, "Bob Builder <bob@example.com>", &json));
    CHECK(json_has(json, "[{\"id\":6,\"key\":\"bobby <bob@old.example.org>\""));
    CHECK(json_has(json, "{\"id\":7,\"key\":\"Bob Builder <bob@example.com>\""));
    CHECK(json_has(json, "\"merged\":{\"into\":6,\"rule\":\"mailmap\"}}]"));
    cop_string_free(json);
    CHECK_OK(cop_landscape_member_id(landscape, "Bob Builder <bob@example.com>", &id));
    CHECK(id == 6);
    CHECK(identities_are(landscape, "Cy <cy@example.com>",
                         "[{\"id\":9,\"key\":\"Cy <cy@example.com>\",\"identity\":{\"source\":"
                         "\"git\",\"name\":\"Cy\",\"email\":\"cy@example.com\"},\"merged\":null}]"));

    /* The bot, and the scope that brings it back. */
    CHECK(flag_of(cop_landscape_is_bot, landscape, DEPENDABOT) == 1);
    CHECK(flag_of(cop_landscape_is_left_out, landscape, DEPENDABOT) == 1);
    CHECK(flag_of(cop_landscape_is_bot, landscape, "Sam Smith <sam@example.com>") == 0);
    CHECK_OK(cop_landscape_set_scope(landscape, true, true));
    counts = counts_of(landscape);
    CHECK(counts.members == 7 && counts.events == 13);
    CHECK(people_are(landscape, "{\"identities\":11,\"members\":7,\"merges\":[[\"email\",1],"
                                "[\"mailmap\",1],[\"noreply\",1],[\"noreply_name\",1]],\"bots\":1,"
                                "\"staff\":0,\"left_out\":0,\"events_left_out\":0}"));
    CHECK_OK(cop_landscape_set_scope(landscape, false, true));

    /* Undoing one merge: Octo Cat is a member of its own again. */
    CHECK_OK(cop_landscape_unmerge(landscape, OCTO_CAT));
    counts = counts_of(landscape);
    CHECK(counts.members == 7 && counts.events == 12);
    CHECK(people_are(landscape, "{\"identities\":11,\"members\":8,\"merges\":[[\"email\",1],"
                                "[\"mailmap\",1],[\"noreply_name\",1]],\"bots\":1,\"staff\":0,"
                                "\"left_out\":1,\"events_left_out\":1}"));
    CHECK_OK(cop_landscape_member_id(landscape, OCTO_CAT, &id));
    CHECK(id == 5);
    cop_landscape_free(landscape);
}

static void test_git_options(const char *repo) {
    char path[4200];
    CopLandscape *landscape;
    CopCounts counts;

    /* Identities kept apart; the mailmap ignored (Bob stays two people). */
    landscape = git_landscape(repo, "{\"resolve_identities\":false}",
                              "{\"commits\":11,\"events\":13,\"identities\":11,\"members\":11,"
                              "\"merges\":[],\"bots\":[\"" DEPENDABOT "\"]}");
    CHECK(counts_of(landscape).members == 10);
    cop_landscape_free(landscape);
    landscape = git_landscape(repo, "{\"mailmap\":false}",
                              "{\"commits\":11,\"events\":13,\"identities\":11,\"members\":8,"
                              "\"merges\":[[\"email\",1],[\"noreply\",1],[\"noreply_name\",1]],"
                              "\"bots\":[\"" DEPENDABOT "\"]}");
    cop_landscape_free(landscape);

    /* Without merge events and trailers: the pull request's merge is Ada's commit, and Cy,
     * named only by a trailer, is no identity. */
    landscape = git_landscape(repo, "{\"merges\":false,\"coauthors\":false}",
                              "{\"commits\":11,\"events\":11,\"identities\":10,\"members\":6,"
                              "\"merges\":[[\"email\",1],[\"mailmap\",1],[\"noreply\",1],"
                              "[\"noreply_name\",1]],\"bots\":[\"" DEPENDABOT "\"]}");
    counts = counts_of(landscape);
    CHECK(counts.members == 5 && counts.events == 10);
    cop_landscape_free(landscape);

    /* A range, a community, a further bot and staff. */
    landscape = git_landscape(repo, "{\"range\":\"HEAD~1..HEAD\"}",
                              "{\"commits\":1,\"events\":1,\"identities\":1,\"members\":1,"
                              "\"merges\":[],\"bots\":[\"" DEPENDABOT "\"]}");
    CHECK(counts_of(landscape).events == 0);
    cop_landscape_free(landscape);
    landscape = git_landscape(repo,
                              "{\"community\":\"history\",\"bots\":[\"Sam Smith\"],"
                              "\"staff\":[\"grace@example.org\"]}",
                              NULL);
    CHECK(flag_of(cop_landscape_is_bot, landscape, "Sam Smith <sam@example.com>") == 1);
    CHECK(flag_of(cop_landscape_is_staff, landscape, "Grace Hopper <grace@example.org>") == 1);
    CHECK(counts_of(landscape).communities == 2);
    cop_landscape_free(landscape);

    /* A directory in the working tree reads the same repository. */
    snprintf(path, sizeof path, "%s/src", repo);
    landscape = git_landscape(path, NULL, git_report);
    cop_landscape_free(landscape);
}

static void test_git_pseudonyms_and_bare(const char *repo, const char *bare) {
    static const char *const traces[] = {"Lovelace", "ada@", "Hopper", "ghopper", "Octo",
                                         "bobby",    "Bob",  "Smith",  "Cy",      "dependabot",
                                         "example",  "github.com", "@"};
    CopLandscape *first = git_landscape(repo, "{\"pseudonymise\":\"s3cret\"}", NULL);
    CopLandscape *second = git_landscape(repo, "{\"pseudonymise\":\"s3cret\"}", NULL);
    CopLandscape *other = git_landscape(repo, "{\"pseudonymise\":\"another\"}", NULL);
    CopLandscape *plain = git_landscape(repo, NULL, NULL);
    CopLandscape *from_bare = git_landscape(bare, NULL, git_report);
    char *a = snapshot_of(first), *b = snapshot_of(second), *c = snapshot_of(other);
    char *d = snapshot_of(plain), *e = snapshot_of(from_bare);
    char *report = NULL;
    size_t i;

    CHECK(equal(a, b)); /* the same salt, the same bytes */
    CHECK(a != NULL && c != NULL && !equal(a, c));
    for (i = 0; i < sizeof traces / sizeof traces[0]; i++) {
        if (contains(a, traces[i])) {
            fprintf(stderr, "    the pseudonymised snapshot holds \"%s\"\n", traces[i]);
            CHECK(!"no name or address in a pseudonymised snapshot");
        }
    }
    CHECK(contains(d, "Lovelace")); /* (the plain one has them) */
    CHECK(people_are(first, git_people));
    CHECK(counts_of(first).members == 6);
    cop_landscape_free(other);
    other = new_landscape();
    CHECK_OK(cop_landscape_import_git(other, repo, "{\"pseudonymise\":\"s3cret\"}", &report));
    CHECK(json_has(report, "\"identities\":11,\"members\":7,\"merges\":[[\"email\",1]"));
    CHECK(json_has(report, "\"bots\":[\"p"));
    CHECK(!contains(report, "dependabot"));
    cop_string_free(report);

    /* A bare clone: the same history, mailmap (HEAD's) and all. */
    CHECK(equal(d, e));
    CHECK(people_are(from_bare, git_people));

    cop_string_free(a);
    cop_string_free(b);
    cop_string_free(c);
    cop_string_free(d);
    cop_string_free(e);
    cop_landscape_free(first);
    cop_landscape_free(second);
    cop_landscape_free(other);
    cop_landscape_free(plain);
    cop_landscape_free(from_bare);
}

static void test_git_errors_and_store(const char *tmp, const char *repo) {
    char path[4200], store_path[4200];
    CopLandscape *landscape = git_landscape(repo, NULL, NULL);
    CopLandscape *reopened = NULL;
    CopLandscape *empty = new_landscape();
    char *before = snapshot_of(landscape), *after = NULL;
    char *report = NULL;
    char sentinel = 's';

    /* Errors change nothing and leave the out-param alone. */
    report = &sentinel;
    snprintf(path, sizeof path, "%s/missing", tmp);
    CHECK_STATUS(cop_landscape_import_git(landscape, path, NULL, &report), COP_STATUS_IO);
    CHECK(error_says("does not exist"));
    CHECK(error_says(path));
    snprintf(path, sizeof path, "%s/plain", tmp);
    CHECK(mkdir(path, 0700) == 0);
    CHECK_STATUS(cop_landscape_import_git(landscape, path, NULL, &report), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("is not a git repository"));
    CHECK_STATUS(cop_landscape_import_git(landscape, repo, "{\"range\":\"no-such-revision\"}", &report),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("unknown revision `no-such-revision`"));
    CHECK_STATUS(cop_landscape_import_git(landscape, repo, "not json", &report),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid options"));
    CHECK_STATUS(cop_landscape_import_git(landscape, repo, "{\"rnage\":\"HEAD\"}", &report),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("unknown field `rnage`"));
    CHECK_STATUS(cop_landscape_import_git(landscape, repo, "{\"merges\":\"yes\"}", &report),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_import_git(NULL, repo, NULL, &report), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_import_git(landscape, NULL, NULL, &report), COP_STATUS_NULL_ARGUMENT);
    CHECK(report == &sentinel);
    after = snapshot_of(landscape);
    CHECK(equal(before, after));
    cop_string_free(after);
    CHECK_STATUS(cop_landscape_import_git(empty, repo, "{\"range\":\"no-such-revision\"}", NULL),
                 COP_STATUS_INVALID_VALUE);
    CHECK(counts_of(empty).members == 0 && counts_of(empty).events == 0);
    CHECK(people_are(empty, "{\"identities\":0,\"members\":0,\"merges\":[],\"bots\":0,"
                            "\"staff\":0,\"left_out\":0,\"events_left_out\":0}"));
    cop_landscape_free(empty);

    /* A landscape kept in a file is compacted after the import: merges and flags too. */
    snprintf(store_path, sizeof store_path, "%s/git.cop", tmp);
    CHECK_OK(cop_landscape_open(store_path, &reopened));
    CHECK_OK(cop_landscape_import_git(reopened, repo, NULL, NULL));
    CHECK_STATUS(cop_landscape_import_git(reopened, path, NULL, NULL), COP_STATUS_INVALID_VALUE);
    cop_landscape_free(reopened);
    reopened = NULL;
    CHECK_OK(cop_landscape_open(store_path, &reopened));
    after = snapshot_of(reopened);
    CHECK(equal(before, after));
    CHECK(people_are(reopened, git_people));
    cop_string_free(after);
    cop_landscape_free(reopened);
    cop_string_free(before);
    cop_landscape_free(landscape);
}

static void test_git(void) {
    char dir[4096], repo[4200], bare[4200];
    if (!make_git_history(dir, sizeof dir)) {
        return;
    }
    snprintf(repo, sizeof repo, "%s/repo", dir);
    snprintf(bare, sizeof bare, "%s/repo.git", dir);
    test_git_people(repo);
    test_git_options(repo);
    test_git_pseudonyms_and_bare(repo, bare);
    test_git_errors_and_store(dir, repo);
    remove_tree(dir);
}
#else
static void test_git(void) {
    /* cop_landscape_import_git( is exercised on POSIX systems only (the repository is scripted
     * with sh and git). */
}
#endif

/* Writes `rows` (NULL-terminated) as a dump file `name` of `dir`, with a BOM and CRLF. */
static void write_dump_file(const char *dir, const char *name, const char *root, const char **rows) {
    char path[4200];
    FILE *file;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    file = fopen(path, "wb");
    CHECK(file != NULL);
    if (file == NULL) {
        return;
    }
    fprintf(file, "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<%s>\r\n", root);
    for (; *rows != NULL; rows++) {
        fprintf(file, "  %s\r\n", *rows);
    }
    fprintf(file, "</%s>\r\n", root);
    fclose(file);
}

/* A Stack Exchange dump written from the format's documentation: a question with an accepted
 * answer, a comment of a deleted user, and a badge dated `badge_date`. */
static void write_stackexchange_dump(const char *dir, const char *badge_date) {
    char badge[300];
    const char *posts[] = {
        "<row Id=\"1\" PostTypeId=\"1\" AcceptedAnswerId=\"2\" CreationDate=\"2020-01-01T10:00:00.000\" "
        "OwnerUserId=\"10\" Tags=\"&lt;grammar&gt;\" />",
        "<row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2020-01-02T10:00:00.000\" "
        "OwnerUserId=\"11\" />",
        NULL};
    const char *comments[] = {
        "<row Id=\"1\" PostId=\"2\" CreationDate=\"2020-01-02T11:00:00.000\" UserId=\"10\" />",
        "<row Id=\"2\" PostId=\"2\" CreationDate=\"2020-01-02T12:00:00.000\" UserDisplayName=\"user9\" />",
        NULL};
    const char *users[] = {
        "<row Id=\"10\" CreationDate=\"2019-12-24T08:00:00.000\" DisplayName=\"Ada\" AccountId=\"7\" />",
        NULL};
    const char *badges[] = {badge, NULL};
    snprintf(badge, sizeof badge, "<row Id=\"1\" UserId=\"11\" Name=\"Teacher\" Date=\"%s\" />", badge_date);
    write_dump_file(dir, "Posts.xml", "posts", posts);
    write_dump_file(dir, "Comments.xml", "comments", comments);
    write_dump_file(dir, "Users.xml", "users", users);
    write_dump_file(dir, "Badges.xml", "badges", badges);
}

static void test_stackexchange(const char *tmp) {
    char good[4200], bad[4200];
    CopLandscape *landscape = new_landscape();
    char *report = NULL;
    CopCounts before;
    FILE *probe;
    snprintf(good, sizeof good, "%s/se-good", tmp);
    snprintf(bad, sizeof bad, "%s/se-bad", tmp);
    mkdir(good, 0700);
    mkdir(bad, 0700);
    write_stackexchange_dump(good, "2020-01-03T00:00:00.000");
    write_stackexchange_dump(bad, "someday");

    CHECK_OK(cop_landscape_import_stackexchange(landscape, good, "{\"site\":\"demo\"}", &report));
    CHECK(json_has(report, "\"site\":\"demo\""));
    CHECK(json_has(report, "\"events\":{\"accept\":1,\"answer\":1,\"ask\":1,\"badge\":1,\"comment\":1}"));
    CHECK(json_has(report, "\"recorded\":5"));
    CHECK(json_has(report, "\"deleted_users\":{\"Comments.xml\":1}"));
    cop_string_free(report);
    report = NULL;
    CHECK(counts_of(landscape).events == 5);

    /* A bad date: the file, the line and the field are named; nothing changes. */
    before = counts_of(landscape);
    CHECK_STATUS(cop_landscape_import_stackexchange(landscape, bad, "{\"site\":\"demo\"}", &report),
                 COP_STATUS_RECORD);
    CHECK(report == NULL);
    CHECK(error_says("Badges.xml"));
    CHECK(error_says("someday"));
    CHECK(equal(cop_last_error_field(), "Date"));
    CHECK(cop_last_error_line() == 3);
    CHECK(counts_of(landscape).events == before.events);
    CHECK(counts_of(landscape).members == before.members);

    /* Options are checked; NULL ones are the defaults. */
    CHECK_STATUS(cop_landscape_import_stackexchange(landscape, good, "{\"colour\":1}", NULL),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_import_stackexchange(landscape, NULL, NULL, NULL), COP_STATUS_NULL_ARGUMENT);
    cop_landscape_free(landscape);

    /* The real sample, when this checkout has ../shared next to it. */
    probe = fopen("../shared/sources/stackexchange-conlang-meta/Posts.xml", "rb");
    if (probe != NULL) {
        fclose(probe);
        landscape = new_landscape();
        CHECK_OK(cop_landscape_import_stackexchange(
            landscape, "../shared/sources/stackexchange-conlang-meta", "{\"site\":\"conlang-meta\"}", &report));
        CHECK(json_has(report, "\"recorded\":1124"));
        CHECK(json_has(report, "\"bots\":[\"se:conlang-meta:-1\"]"));
        cop_string_free(report);
        cop_landscape_free(landscape);
    } else {
        fprintf(stderr, "skipped: ../shared/sources/stackexchange-conlang-meta is absent\n");
    }
}

/* One function reads every platform's export; the report is the same shape for each. */
static void test_platforms(const char *tmp) {
    char dir[4200];
    CopLandscape *landscape = new_landscape();
    char *report = NULL;
    CopCounts before;
    snprintf(dir, sizeof dir, "%s/platform-se", tmp);
    mkdir(dir, 0700);
    write_stackexchange_dump(dir, "2020-01-03T00:00:00.000");

    CHECK_OK(cop_landscape_import_platform(landscape, "stackexchange", dir, "{\"name\":\"demo\"}", &report));
    CHECK(json_has(report, "\"platform\":\"stackexchange\""));
    CHECK(json_has(report, "\"name\":\"demo\""));
    CHECK(json_has(report, "\"recorded\":5"));
    CHECK(json_has(report, "\"left_out\":{\"deleted user (Comments.xml)\":1}"));
    cop_string_free(report);
    report = NULL;
    CHECK(counts_of(landscape).events == 5);

    /* An unknown platform, unknown options, NULL arguments: refused, nothing changes. */
    before = counts_of(landscape);
    CHECK_STATUS(cop_landscape_import_platform(landscape, "myspace", dir, NULL, &report), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("myspace"));
    CHECK(report == NULL);
    CHECK_STATUS(cop_landscape_import_platform(landscape, "stackexchange", dir, "{\"site\":1}", NULL),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_landscape_import_platform(landscape, NULL, dir, NULL, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_landscape_import_platform(landscape, "mbox", NULL, NULL, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(counts_of(landscape).events == before.events);
    CHECK(counts_of(landscape).members == before.members);
    cop_landscape_free(landscape);

    /* Every platform, on the fixtures written from each format's documentation (the figures of
       the Rust tests of each importer). */
    {
        static const struct { const char *platform, *path, *recorded, *bots; } good[] = {
            {"github", "cop-core/tests/fixtures/github/rest", "\"recorded\":11", "\"bots\":[\"gh:dependabot[bot]\"]"},
            {"discourse", "cop-core/tests/fixtures/discourse/solved", "\"recorded\":10",
             "\"bots\":[\"dc:solved:discobot\",\"dc:solved:system\"]"},
            {"mbox", "cop-core/tests/fixtures/mbox/list", "\"recorded\":8",
             "\"bots\":[\"ml:list:mailman-owner@lists.example.org\"]"},
        };
        static const struct { const char *platform, *path, *file, *field; uint64_t line; const char *skipped; } bad[] = {
            {"github", "cop-core/tests/fixtures/github/modern.json", "modern.json", "created_at", 8, "\"recorded\":9"},
            {"discourse", "cop-core/tests/fixtures/discourse/bad", "3.json", "created_at", 7, "\"recorded\":2"},
            {"slack", "cop-core/tests/fixtures/chat/slack-demo", "2020-01-05.json", "ts", 12, "\"recorded\":13"},
            {"discord", "cop-core/tests/fixtures/chat/discord-demo", "[200].json", "timestamp", 262, "\"recorded\":9"},
            {"mbox", "cop-core/tests/fixtures/mbox/bad", "bad-date.mbox", "Date", 8, "\"recorded\":2"},
        };
        size_t i;
        for (i = 0; i < sizeof good / sizeof good[0]; i++) {
            landscape = new_landscape();
            CHECK_OK(cop_landscape_import_platform(landscape, good[i].platform, good[i].path, NULL, &report));
            CHECK(json_has(report, good[i].recorded));
            CHECK(json_has(report, good[i].bots));
            cop_string_free(report);
            report = NULL;
            cop_landscape_free(landscape);
        }
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            landscape = new_landscape();
            CHECK_STATUS(cop_landscape_import_platform(landscape, bad[i].platform, bad[i].path, NULL, &report),
                         COP_STATUS_RECORD);
            CHECK(report == NULL);
            CHECK(error_says(bad[i].file));
            CHECK(equal(cop_last_error_field(), bad[i].field));
            CHECK(cop_last_error_line() == bad[i].line);
            CHECK(counts_of(landscape).events == 0 && counts_of(landscape).members == 0);
            CHECK_OK(cop_landscape_import_platform(landscape, bad[i].platform, bad[i].path,
                                                   "{\"skip_bad_records\":true}", &report));
            CHECK(json_has(report, bad[i].skipped));
            CHECK(json_has(report, "\"skipped\":[{"));
            cop_string_free(report);
            report = NULL;
            cop_landscape_free(landscape);
        }
    }

    /* One community in three places, people merged by the identities file. */
    landscape = new_landscape();
    CHECK_OK(cop_landscape_import_platform(landscape, "discourse", "examples/data/three-places/forum", NULL, NULL));
    CHECK_OK(cop_landscape_import_platform(landscape, "slack", "examples/data/three-places/chat", NULL, NULL));
    CHECK_OK(cop_landscape_import_platform(landscape, "github", "examples/data/three-places/github", NULL, NULL));
    CHECK_OK(cop_landscape_import_identities_path(landscape, "examples/data/three-places/people.csv", NULL));
    CHECK_OK(cop_landscape_people_json(landscape, &report));
    CHECK(json_has(report, "\"identities\":14"));
    CHECK(json_has(report, "\"members\":8"));
    cop_string_free(report);
    report = NULL;
    CHECK(counts_of(landscape).members == 5);
    cop_landscape_free(landscape);
}

/* One analysis, one landscape, one date: a participation refuses another landscape (or the same
 * one changed since), and a date other than its own. */
/* Two communities: Ada acts in both (a broker, and above outsider in both: a boundary member).
 * The rollup of the handle equals the merge of its communities' parts, in either order; what
 * cannot be merged is refused. */
static void test_rollup(void) {
    CopLandscape *landscape = new_landscape();
    CopImportOptions options = options_of(false, false, "two.csv");
    CopImportReport report;
    CopParticipation *participation = NULL;
    char *whole = NULL, *parts = NULL, *merged = NULL, *reversed = NULL, *json = NULL;
    const char *csv =
        "member,time,kind,community,target\n"
        "ada,2024-01-08T10:00:00Z,answer,rust,bob\n"
        "bob,2024-01-08T11:00:00Z,ask,rust,\n"
        "ada,2024-01-09T10:00:00Z,ask,go,\n"
        "cy,2024-01-09T11:00:00Z,answer,go,ada\n";

    CHECK_OK(cop_landscape_import_csv_buffer(landscape, (const uint8_t *)csv, strlen(csv), &options,
                                             &report, NULL));
    CHECK_OK(cop_participation_compute(landscape, at_2024(1, 9, 11, 0, 0), NULL, &participation));
    CHECK_OK(cop_participation_rollup_json(participation, landscape, NULL, &whole));
    CHECK(contains(whole, "\"communities\":2") && contains(whole, "\"acting_members\":3"));
    CHECK(contains(whole, "\"brokers\":[{\"member\":\"ada\",\"communities\":[\"go\",\"rust\"]"));
    CHECK(contains(whole, "\"boundary_members\":1"));

    /* The parts, merged apart, give the same rollup. */
    CHECK_OK(cop_participation_community_parts_json(participation, landscape, NULL, &parts));
    CHECK(starts_with(parts, "[{\"community\":\"rust\""));
    CHECK_OK(cop_rollup_json(parts, 2, &merged));
    CHECK(equal(merged, whole));
    {
        /* The same parts in the other order: split the array at the second part. */
        const char *second = strstr(parts + 1, ",{\"community\":\"go\"");
        size_t first_len = second ? (size_t)(second - parts - 1) : 0, second_len = second ? strlen(second + 1) - 1 : 0;
        char *swapped = (char *)malloc(first_len + second_len + 4);
        CHECK(second != NULL && swapped != NULL);
        if (second && swapped) {
            sprintf(swapped, "[%.*s,%.*s]", (int)second_len, second + 1, (int)first_len, parts + 1);
            CHECK_OK(cop_rollup_json(swapped, 2, &reversed));
            CHECK(equal(reversed, whole));
        }
        free(swapped);
    }

    /* Refusals: a community given twice, a threshold of 0, JSON that is not parts, NULLs. */
    {
        size_t n = strlen(parts);
        char *twice = (char *)malloc(2 * n + 2);
        CHECK(twice != NULL);
        if (twice) {
            sprintf(twice, "%.*s,%s", (int)(n - 1), parts, parts + 1);
            CHECK_STATUS(cop_rollup_json(twice, 2, &json), COP_STATUS_INVALID_VALUE);
            CHECK(error_says("given twice"));
        }
        free(twice);
    }
    CHECK_STATUS(cop_rollup_json(parts, 0, &json), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("boundary_communities"));
    CHECK_STATUS(cop_rollup_json("[{\"community\": 3}]", 2, &json), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid parts"));
    CHECK_STATUS(cop_rollup_json(NULL, 2, &json), COP_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cop_rollup_json(parts, 2, NULL), COP_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    /* From the landscape alone, without an analysis of the whole: the same parts and rollup. */
    {
        char *landscape_parts = NULL, *landscape_whole = NULL;
        CHECK_OK(cop_landscape_community_parts_json(landscape, at_2024(1, 9, 11, 0, 0), NULL, &landscape_parts));
        CHECK(equal(landscape_parts, parts));
        CHECK_OK(cop_landscape_rollup_json(landscape, at_2024(1, 9, 11, 0, 0), NULL, &landscape_whole));
        CHECK(equal(landscape_whole, whole));
        CHECK_STATUS(cop_landscape_rollup_json(landscape, at_2024(1, 9, 11, 0, 0), "{\"persistence\": -1}", &json),
                     COP_STATUS_INVALID_VALUE);
        CHECK_STATUS(cop_landscape_rollup_json(NULL, at_2024(1, 9, 11, 0, 0), NULL, &json), COP_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(cop_landscape_community_parts_json(landscape, at_2024(1, 9, 11, 0, 0), NULL, NULL),
                     COP_STATUS_NULL_ARGUMENT);
        CHECK(json == NULL);
        cop_string_free(landscape_parts);
        cop_string_free(landscape_whole);
    }

    cop_string_free(whole);
    cop_string_free(parts);
    cop_string_free(merged);
    cop_string_free(reversed);
    cop_participation_free(participation);
    cop_landscape_free(landscape);
}

static void test_analysis_pairing(void) {
    CopLandscape *landscape = february_landscape();
    CopLandscape *other = new_landscape();
    CopParticipation *participation = NULL;
    CopLevel level = (CopLevel)77;
    char *json = NULL;

    CHECK_OK(cop_participation_compute(landscape, FEB29, NULL, &participation));
    CHECK_OK(cop_participation_report_json(participation, landscape, &json));
    cop_string_free(json);
    json = NULL;
    CHECK_OK(cop_participation_suggest_mentors_json(participation, landscape, FEB29, NULL, &json));
    cop_string_free(json);
    json = NULL;

    /* Health, maturity and the stage history of the handle: its date and its levels, the same as
     * the landscape's calls at that date with the default options. */
    {
        char *mine = NULL, *theirs = NULL;
        CHECK_OK(cop_participation_health_json(participation, landscape, NULL, &mine));
        CHECK_OK(cop_landscape_health_json(landscape, FEB29, NULL, &theirs));
        CHECK(mine != NULL && theirs != NULL && strcmp(mine, theirs) == 0);
        cop_string_free(mine);
        cop_string_free(theirs);
        CHECK_OK(cop_participation_maturity_json(participation, landscape, NULL, &mine));
        CHECK_OK(cop_landscape_maturity_json(landscape, FEB29, NULL, &theirs));
        CHECK(mine != NULL && theirs != NULL && strcmp(mine, theirs) == 0);
        cop_string_free(mine);
        cop_string_free(theirs);
        CHECK_OK(cop_participation_stage_history_json(participation, landscape, NULL, &mine));
        CHECK_OK(cop_landscape_stage_history_json(landscape, FEB29, NULL, &theirs));
        CHECK(mine != NULL && theirs != NULL && strcmp(mine, theirs) == 0);
        cop_string_free(mine);
        cop_string_free(theirs);
        mine = NULL;
        CHECK_STATUS(cop_participation_health_json(participation, landscape, "{\"window_days\": 0}", &mine),
                     COP_STATUS_INVALID_VALUE);
        CHECK_STATUS(cop_participation_health_json(NULL, landscape, NULL, &mine), COP_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(cop_participation_maturity_json(participation, NULL, NULL, &mine),
                     COP_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(cop_participation_stage_history_json(participation, landscape, NULL, NULL),
                     COP_STATUS_NULL_ARGUMENT);
        CHECK(mine == NULL);
    }

    /* Another date than the analysis's. */
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, landscape, FEB29 + DAY, NULL, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid as_of: this analysis is as of 2024-02-29"));
    CHECK_STATUS(cop_participation_suggest_peers_json(participation, landscape, FEB1, NULL, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK(json == NULL);

    /* Another landscape. */
    record_keyed(other, "zed", FEB1, "read", NULL);
    CHECK_STATUS(cop_participation_report_json(participation, other, &json), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("invalid analysis: this analysis was computed on a landscape of 33 events"));
    CHECK_STATUS(cop_participation_suggest_mentors_json(participation, other, FEB29, NULL, &json),
                 COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_participation_update_member(participation, other, 0, &level, NULL),
                 COP_STATUS_INVALID_VALUE);
    CHECK(error_says("computed on another landscape"));
    CHECK(json == NULL && level == (CopLevel)77);

    /* The same landscape with an event more: the whole needs a new analysis, one member can be
     * updated. */
    record_keyed(landscape, "cy", FEB29, "commit", NULL);
    CHECK_STATUS(cop_participation_report_json(participation, landscape, &json), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("this one has 34 events"));
    CHECK_STATUS(cop_participation_health_json(participation, landscape, NULL, &json), COP_STATUS_INVALID_VALUE);
    CHECK_STATUS(cop_participation_maturity_json(participation, landscape, NULL, &json), COP_STATUS_INVALID_VALUE);
    CHECK(error_says("compute a new analysis") && json == NULL);
    CHECK_OK(cop_participation_update_member(participation, landscape, 2, &level, NULL));

    cop_participation_free(participation);
    cop_landscape_free(other);
    cop_landscape_free(landscape);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DATA_CSV SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    test_versions();
    test_statuses();
    test_handles_and_null_arguments();
    test_entities();
    test_building_the_model();
    test_kinds();
    test_record();
    test_record_keyed();
    test_record_coded();
    test_times_kinds_and_threads();
    test_import_buffers();
    test_import_and_export_files(argv[1], argv[2]);
    test_snapshots(argv[1], argv[2]);
    test_hostile_input(argv[2]);
    test_durable(argv[2]);
    test_people(argv[2]);
    test_git();
    test_level_and_trajectory_enums();
    test_participation();
    test_structure();
    test_kappa();
    test_stage_and_value_cycle_enums();
    test_health();
    test_maturity();
    test_value_stories();
    test_charter_and_report();
    test_community_view();
    test_options_out_of_bounds();
    test_participation_flask(argv[1]);
    test_matching(argv[1]);
    test_honest_answers();
    test_analysis_pairing();
    test_rollup();
    test_stackexchange(argv[2]);
    test_platforms(argv[2]);
    printf("C tests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
