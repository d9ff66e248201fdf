// Types for the one file of seedrandom neurite imports (@types/seedrandom types only the package's main entry).
declare module 'seedrandom/lib/alea.js' {
  /** An Alea generator seeded with `seed`; with `{ state: true }` it has state(), and `{ state }` restores one. */
  const alea: (seed: string, options?: { state?: boolean | object }) => () => number;
  export default alea;
}
