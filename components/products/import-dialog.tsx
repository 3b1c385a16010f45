"use client";

import { useState } from "react";
import { Button, Dialog, FormField, Input, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { useAuth } from "@/hooks/use-auth";
import { useBulkProductAction, useDownloadImportTemplate, useImportProducts, type BulkResultItem, type ImportResult } from "@/hooks/use-product-tools";
import { errorMessage } from "@/lib/api-client";
import { can } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format";
import { BULK_MAX_IDS } from "@/lib/products/vocabulary";
import { toast } from "@/lib/toast";
import { BulkResultSummary, type BulkOutcome } from "./bulk-actions";

const MAX_BYTES = 5 * 1024 * 1024;
const SHOWN_CATEGORIES = 20;

function drafts(count: number): string {
  return count === 1 ? "1 imported draft" : `${formatCount(count)} imported drafts`;
}

/**
 * CSV (header row) or JSON array upload, with upload progress and a report: rows created, categories the
 * file introduced, rows refused. The imported drafts can then be submitted for approval in one click.
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { role } = useAuth();
  const importProducts = useImportProducts();
  const template = useDownloadImportTemplate();
  const bulk = useBulkProductAction();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [submitting, setSubmitting] = useState<{ done: number; total: number } | null>(null);
  const [submitted, setSubmitted] = useState<BulkOutcome | null>(null);
  const canSubmit = role !== null && can(role, "product:submit");

  const busy = importProducts.isPending || submitting !== null;

  const close = () => {
    if (busy) return;
    setFile(null);
    setFileError(null);
    setResult(null);
    setProgress(0);
    setSubmitted(null);
    importProducts.reset();
    onClose();
  };

  const start = () => {
    if (!file) {
      setFileError("Choose a CSV or JSON file.");
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError("The file is larger than 5 MB; split it into smaller files.");
      return;
    }
    setProgress(0);
    setResult(null);
    setSubmitted(null);
    importProducts.mutate({ file, onProgress: setProgress }, { onSuccess: (data) => setResult(data) });
  };

  /** The bulk endpoint takes 100 ids at a time: a large import is submitted in turns, each row reported. */
  const submitAll = async (ids: string[]) => {
    const results: BulkResultItem[] = [];
    setSubmitting({ done: 0, total: ids.length });
    try {
      for (let start = 0; start < ids.length; start += BULK_MAX_IDS) {
        const chunk = ids.slice(start, start + BULK_MAX_IDS);
        results.push(...(await bulk.mutateAsync({ action: "submit", ids: chunk })).results);
        setSubmitting({ done: results.length, total: ids.length });
      }
    } catch (error) {
      toast.error(errorMessage(error, "Submitting the drafts failed."));
    } finally {
      setSubmitting(null);
    }
    if (results.length > 0) setSubmitted({ action: "submit", results, names: {} });
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import products"
      description="A CSV with a header row (name, description, price, sku, category, stock) or a JSON array, up to 5 MB and 5,000 rows. Valid rows become drafts; categories the business does not have yet are created."
      size="lg"
      closeOnBackdropClick={false}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={busy}>
            {result ? "Done" : "Cancel"}
          </Button>
          {/* Once a file is in, uploading it again would make its rows without a SKU twice: choosing another file brings it back. */}
          {result ? null : (
            <Button onClick={start} loading={importProducts.isPending} disabled={submitting !== null}>
              Upload
            </Button>
          )}
        </>
      }
    >
      <div className="space-y-4">
        <FormField label="File" error={fileError} hint="Rows are numbered from 1 (the first product; a CSV header is not counted).">
          <Input
            type="file"
            accept=".csv,.json,text/csv,application/json"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileError(null);
              setResult(null);
              setSubmitted(null);
              importProducts.reset();
            }}
          />
        </FormField>
        <p className="text-sm text-fg-muted">
          Not sure of the columns?{" "}
          <Button
            variant="ghost"
            size="sm"
            loading={template.isPending}
            onClick={() => template.mutate(undefined, { onError: (error) => toast.error(errorMessage(error, "The template could not be downloaded.")) })}
          >
            Download template
          </Button>
        </p>

        {importProducts.isPending || (progress > 0 && !result && !importProducts.isError) ? (
          <div className="space-y-1">
            <label htmlFor="import-progress" className="text-sm text-fg-muted">
              {progress < 100 ? `Uploading… ${progress}%` : "Processing rows…"}
            </label>
            <progress id="import-progress" className="w-full" max={100} value={progress} />
          </div>
        ) : null}

        {importProducts.isError ? (
          <p role="alert" className="text-sm font-medium text-danger-fg">
            {errorMessage(importProducts.error, "The import failed.")}
          </p>
        ) : null}

        {result ? (
          <div className="space-y-3" role="status">
            <p className="text-sm font-medium text-fg">
              {result.created === 1 ? "1 product created as a draft" : `${result.created} products created as drafts`}
              {result.errors.length > 0 ? `; ${result.errors.length} ${result.errors.length === 1 ? "row was" : "rows were"} skipped.` : "."}
            </p>
            {result.createdCategories.length > 0 ? (
              <p className="text-sm text-fg">
                {result.createdCategories.length === 1 ? "1 new category" : `${formatCount(result.createdCategories.length)} new categories`}:{" "}
                {result.createdCategories.slice(0, SHOWN_CATEGORIES).join(", ")}
                {result.createdCategories.length > SHOWN_CATEGORIES ? ` and ${formatCount(result.createdCategories.length - SHOWN_CATEGORIES)} more` : ""}
              </p>
            ) : null}
            {canSubmit && result.ids.length > 0 && !submitted ? (
              <div className="space-y-1">
                <Button onClick={() => void submitAll(result.ids)} loading={submitting !== null}>
                  Submit all {drafts(result.ids.length)}
                </Button>
                {submitting ? (
                  <p className="text-xs text-fg-muted" aria-live="polite">
                    Submitting… {formatCount(submitting.done)} of {formatCount(submitting.total)}
                  </p>
                ) : null}
              </div>
            ) : null}
            {submitted ? <BulkResultSummary outcome={{ ...submitted, names: namesOf(result, submitted.results) }} /> : null}
            {result.errors.length > 0 ? (
              <Table aria-label="Rows with errors">
                <THead>
                  <TR>
                    <TH>Row</TH>
                    <TH>Problems</TH>
                  </TR>
                </THead>
                <TBody>
                  {result.errors.slice(0, 500).map((error) => (
                    <TR key={error.row}>
                      <TD className="font-mono">{error.row}</TD>
                      <TD>
                        <ul className="space-y-0.5">
                          {Object.entries(error.fields).map(([field, messages]) => (
                            <li key={field}>
                              <span className="font-medium">{field === "_" ? "Row" : field}:</span> {messages.join(" ")}
                            </li>
                          ))}
                        </ul>
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            ) : null}
            {result.errors.length > 500 ? (
              <p className="text-xs text-fg-muted">Showing the first 500 of {result.errors.length} rows with errors.</p>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}

/** The import knows its drafts only by id; a refused one is named by its place among them. */
function namesOf(result: ImportResult, results: BulkResultItem[]): Record<string, string> {
  const position = new Map(result.ids.map((id, index) => [id, index + 1]));
  return Object.fromEntries(results.map((item) => [item.id, `Imported draft ${position.get(item.id) ?? "?"}`]));
}
