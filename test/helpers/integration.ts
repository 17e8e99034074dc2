// Tests that need a program from outside (Postfix, openssl, root): skipped with a note when it is
// missing, but failing when REBOUND_REQUIRE_INTEGRATION=1 (CI), so a broken install is seen.
import { it } from 'vitest';

export const REQUIRE_INTEGRATION = process.env.REBOUND_REQUIRE_INTEGRATION === '1';

/** `it`, or a skip saying what is missing (a failure under REBOUND_REQUIRE_INTEGRATION=1). */
export function itNeeds(missing: string | null): typeof it {
  if (!missing) return it;
  if (REQUIRE_INTEGRATION) {
    return ((name: string) =>
      it(name, () => {
        throw new Error(`${missing} (REBOUND_REQUIRE_INTEGRATION=1: required)`);
      })) as unknown as typeof it;
  }
  return ((name: string) => {
    console.warn(`skipped "${name}": ${missing}`);
    it.skip(name, () => {});
  }) as unknown as typeof it;
}
