/* Loads the requests history and prints its member count (the README's C example).
 * Build: see cop-ffi/ctest/run.sh, which compiles and runs it. */
#include <stdio.h>
#include "cop.h"

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "examples/data/requests-commits.csv";
    CopLandscape *landscape = NULL;
    CopCounts counts;
    if (cop_landscape_new(&landscape) != COP_STATUS_OK ||
        cop_landscape_import_csv_path(landscape, path, NULL, NULL, NULL) != COP_STATUS_OK ||
        cop_landscape_counts(landscape, &counts) != COP_STATUS_OK) {
        fprintf(stderr, "error: %s\n", cop_last_error_message());
        cop_landscape_free(landscape);
        return 1;
    }
    printf("members: %zu\n", counts.members);
    cop_landscape_free(landscape);
    return 0;
}
