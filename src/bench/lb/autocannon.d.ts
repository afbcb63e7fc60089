// The few members of autocannon's result the proxy benchmark reads (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string
    connections: number
    duration: number
  }
  interface Result {
    requests: { average: number; total: number }
    latency: { p50: number; p99: number }
    non2xx: number
    errors: number
    timeouts: number
    duration: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
