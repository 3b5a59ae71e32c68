// Time limits in tests: they catch a quadratic or exponential blow-up, and
// are set for an optimised build. Under AddressSanitizer and UBSan
// (GRADER_SANITIZE=ON) the same code runs several times slower, so limits on
// CPU-bound work are scaled by kTimeScale (generous: the machine may be
// shared, and a blow-up these limits exist for takes minutes, not seconds).
#ifndef GRADER_TESTS_TEST_TIMING_H_
#define GRADER_TESTS_TEST_TIMING_H_

namespace grader::testing {

#ifdef GRADER_SANITIZED
inline constexpr double kTimeScale = 10;
#else
inline constexpr double kTimeScale = 1;
#endif

}  // namespace grader::testing

#endif  // GRADER_TESTS_TEST_TIMING_H_
