/** The default of an exhaustive `switch`: a compile error when a case is missing, an error at run time. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
