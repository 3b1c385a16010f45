"use client";

import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

/** Props FormField hands to its control so label, hint and error are announced with it. */
export interface FormFieldControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  required?: boolean;
}

type ControlElement = ReactElement<{ id?: string; "aria-describedby"?: string; required?: boolean }>;

export interface FormFieldProps {
  label: ReactNode;
  /** A single control element (Input, Select, Textarea…) or a render function receiving the wiring props. */
  children: ControlElement | ((control: FormFieldControlProps) => ReactNode);
  hint?: ReactNode;
  /** Inline error; when set the control gets aria-invalid and the message is announced. */
  error?: ReactNode;
  required?: boolean;
  /** Defaults to the control's own id, else a generated one. */
  id?: string;
  className?: string;
}

export function FormField({ label, children, hint, error, required, id, className }: FormFieldProps) {
  const generatedId = useId();
  const childId = typeof children !== "function" && isValidElement(children) ? children.props.id : undefined;
  const controlId = id ?? childId ?? `field-${generatedId}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";

  const ownDescribedBy =
    typeof children !== "function" && isValidElement(children) ? children.props["aria-describedby"] : undefined;
  const describedBy = [ownDescribedBy, hint ? hintId : undefined, hasError ? errorId : undefined]
    .filter(Boolean)
    .join(" ");

  const controlProps: FormFieldControlProps = {
    id: controlId,
    ...(hasError ? { "aria-invalid": true as const } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    ...(required ? { required: true } : {}),
  };

  const control =
    typeof children === "function" ? children(controlProps) : cloneElement(children, controlProps);

  return (
    <div className={cn("space-y-1.5", className)}>
      <Label htmlFor={controlId} required={required}>
        {label}
      </Label>
      {control}
      {hint ? (
        <p id={hintId} className="text-xs text-fg-muted">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} role="alert" className="text-sm font-medium text-danger-fg">
          {error}
        </p>
      ) : null}
    </div>
  );
}
