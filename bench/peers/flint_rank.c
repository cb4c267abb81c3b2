/*
 * Peer benchmark: rank of a random dense n x n integer matrix modulo a prime with FLINT's
 * nmod_mat_rank (Debian's libflint-dev). Prints the seconds of the rank call only.
 * Usage: flint_rank N PRIME
 * Built and run by bench/rank.ts when gcc and FLINT are installed; not part of the product.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <flint/flint.h>
#include <flint/nmod_mat.h>

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  slong n = atol(argv[1]);
  mp_limb_t p = strtoull(argv[2], NULL, 10);
  nmod_mat_t a;
  nmod_mat_init(a, n, n, p);
  unsigned long long s = 12345;
  for (slong i = 0; i < n; i++)
    for (slong j = 0; j < n; j++) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      long v = (long)((s >> 33) % 2001) - 1000;
      nmod_mat_entry(a, i, j) = (mp_limb_t)(v < 0 ? (long long)p + v : v) % p;
    }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  slong r = nmod_mat_rank(a);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%ld %.6f\n", (long)r, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  nmod_mat_clear(a);
  return 0;
}
