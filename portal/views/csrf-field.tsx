/** Name of the form field that carries the CSRF token (auth/csrf.tsx checks it). */
export const CSRF_FIELD = "_csrf";

/** The hidden form field that carries the CSRF token: put it in every POST form. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}
