"use client";

import { useState } from "react";
import { Button, Dialog, FormField, Input, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { useImportProducts, type ImportResult } from "@/hooks/use-products";
import { errorMessage } from "@/lib/api-client";

const MAX_BYTES = 5 * 1024 * 1024;

/** CSV (header row) or JSON array upload, with upload progress and a per-row error report. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const importProducts = useImportProducts();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<ImportResult | null>(null);

  const close = () => {
    if (importProducts.isPending) return;
    setFile(null);
    setFileError(null);
    setResult(null);
    setProgress(0);
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
    importProducts.mutate(
      { file, onProgress: setProgress },
      { onSuccess: (data) => setResult(data) },
    );
  };

  const uploading = importProducts.isPending;
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Import products"
      description="A CSV with a header row (name, description, price, sku, category, stock) or a JSON array, up to 5 MB and 5,000 rows. Valid rows become drafts."
      size="lg"
      closeOnBackdropClick={false}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={uploading}>
            {result ? "Done" : "Cancel"}
          </Button>
          <Button onClick={start} loading={uploading}>
            Upload
          </Button>
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
              importProducts.reset();
            }}
          />
        </FormField>

        {uploading || (progress > 0 && !result && !importProducts.isError) ? (
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
              {result.created === 1 ? "1 product created" : `${result.created} products created`} as drafts
              {result.errors.length > 0 ? `; ${result.errors.length} ${result.errors.length === 1 ? "row was" : "rows were"} skipped.` : "."}
            </p>
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
