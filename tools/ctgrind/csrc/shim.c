/* A tiny shim over valgrind's client-request macros. The macros expand to a
 * magic no-op instruction sequence that valgrind recognises; natively they
 * cost a few instructions and return 0. */
#include <stddef.h>
#include <valgrind/memcheck.h>

void umbra_ctgrind_make_undefined(const void *ptr, size_t len) {
    (void)VALGRIND_MAKE_MEM_UNDEFINED(ptr, len);
}

void umbra_ctgrind_make_defined(const void *ptr, size_t len) {
    (void)VALGRIND_MAKE_MEM_DEFINED(ptr, len);
}

unsigned umbra_ctgrind_running_on_valgrind(void) {
    return (unsigned)RUNNING_ON_VALGRIND;
}

size_t umbra_ctgrind_error_count(void) {
    return (size_t)VALGRIND_COUNT_ERRORS;
}
