import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";

/** The centred card the sign-in and sign-up pages share, with a link to the other one underneath. */
export function AuthCard({
  title,
  description,
  other,
  children,
}: {
  title: string;
  description: string;
  other: { prompt: string; href: string; label: string };
  children: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md py-8">
      <Card>
        <CardHeader>
          <h1 className="text-xl font-semibold tracking-tight text-fg">{title}</h1>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>
          {children}
          <p className="mt-4 text-center text-sm text-fg-muted">
            {other.prompt}{" "}
            <Link href={other.href} className="font-medium text-accent-fg underline-offset-2 hover:underline">
              {other.label}
            </Link>
          </p>
        </CardContent>
      </Card>
    </div>
  );
}
