// Types for the one `natural` submodule we import directly (importing `natural` itself
// loads every module, takes ~2 s and prints banners).
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(s1: string, s2: string, options?: { ignoreCase?: boolean; dj?: number }): number;
  export default JaroWinklerDistance;
}
