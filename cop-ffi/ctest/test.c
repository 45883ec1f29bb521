/*
 * The C test program of cop: every function of cop.h, its results and its error paths, with
 * values checked by hand against the bundled data (examples/data/README.md).
 *
 *   test DATA_CSV SCRATCH_DIR
 *
 * DATA_CSV is examples/data/requests-commits.csv; SCRATCH_DIR a writable directory for the
 * exported files and snapshots. Compiled as C99 and as C++ by cop-ffi/ctest/run.sh, which also
 * checks that every function of the header is named here. Prints one line per failed check and
 * closes with `C tests: N passed, M failed`.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
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
    CHECK(COP_ABI_VERSION == 1);
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
    CHECK(error_says("invalid kind: `Not A Word` is not a lowercase word"));
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
    CHECK_STATUS(cop_landscape_record_batch(landscape, batch, 3, &id), COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(), "invalid event[1]: no member with id 42"));
    batch[1] = event_of(ada, T0, 300);
    CHECK_STATUS(cop_landscape_record_batch(landscape, batch, 3, &id), COP_STATUS_INVALID_VALUE);
    CHECK(equal(cop_last_error_message(), "invalid event[1]: no kind with id 300"));
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
    const char *newer = "{\"format\":\"cop-landscape\",\"version\":2,\"anything\":1}";
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

    /* Refusals: a newer version, another format, not JSON, no file. */
    loaded = NULL;
    CHECK_STATUS(cop_landscape_load_snapshot_buffer((const uint8_t *)newer, strlen(newer), &loaded),
                 COP_STATUS_SNAPSHOT_VERSION);
    CHECK(equal(cop_last_error_message(),
                "snapshot format version 2 is newer than the newest this library reads (1); "
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

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DATA_CSV SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    test_versions();
    test_statuses();
    test_handles_and_null_arguments();
    test_entities();
    test_kinds();
    test_record();
    test_record_keyed();
    test_import_buffers();
    test_import_and_export_files(argv[1], argv[2]);
    test_snapshots(argv[1], argv[2]);
    printf("C tests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
