/**
 * The polynomial-identity argument that lifts one certified instance to "almost every" instance.
 */

/** Shared text of the generic lower-bound statements (see proofs/README.md). */
export const GENERIC_ARGUMENT = [
  'Fix the sizes. Every entry of the odd/even matricization M is a polynomial in the network parameters (the cores),',
  'so every K x K minor of M is a polynomial P in the parameters. The certificate exhibits one integer parameter point',
  'and K rows and columns where P is nonzero modulo a prime p, hence nonzero over the integers (a multiple of p cannot',
  'reduce to a nonzero residue): P is not the zero polynomial. The zero set of a nonzero polynomial has measure zero',
  '(and, by Schwartz-Zippel, a random point of a box of side S hits it with probability at most deg P / S). Off that set',
  'rank M >= K, and by Lemma 1 the CP-rank is at least rank M. So for almost every network with these sizes the CP-rank',
  'is at least K. The kernel checks the minor from the cores it is given; the witness point is the paper\'s own proof.',
].join(' ');
