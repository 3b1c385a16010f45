import { ROLE_LABELS, ROLE_VALUES } from "@/lib/users/vocabulary";

/** The roles as <option>s, in the matrix's order, labelled for people. */
export function RoleOptions() {
  return ROLE_VALUES.map((role) => (
    <option key={role} value={role}>
      {ROLE_LABELS[role]}
    </option>
  ));
}
