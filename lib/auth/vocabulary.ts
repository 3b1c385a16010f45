/**
 * The accounts' limits, without zod: a page that only shows or enforces a length does not download the
 * schema library (lib/auth/schemas.ts validates with them).
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const EMAIL_MAX = 254;
export const PERSON_NAME_MAX = 100;
export const BUSINESS_NAME_MAX = 100;
