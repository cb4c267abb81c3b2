/*
 * Peer benchmark: exact rank over Z of an integer matrix with FLINT's fmpz_mat_rank (Debian's
 * libflint-dev). Reads "ROWS COLS" and then the entries (row-major, decimal) from stdin, so it
 * ranks exactly the matrix the bench ranks; prints the rank and the seconds of the rank call.
 * Built and run by bench/rank.ts when gcc and FLINT are installed; not part of the product.
 */
#include <stdio.h>
#include <time.h>
#include <flint/flint.h>
#include <flint/fmpz_mat.h>

int main(void) {
  long rows, cols;
  if (scanf("%ld %ld", &rows, &cols) != 2) return 2;
  fmpz_mat_t a;
  fmpz_mat_init(a, rows, cols);
  for (long i = 0; i < rows; i++)
    for (long j = 0; j < cols; j++)
      if (!fmpz_fread(stdin, fmpz_mat_entry(a, i, j))) return 3;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  slong r = fmpz_mat_rank(a);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%ld %.6f\n", (long)r, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  fmpz_mat_clear(a);
  return 0;
}
