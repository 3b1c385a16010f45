"use client";

import { useId, useMemo, useState } from "react";
import { Button, Dialog, ErrorState, FormField, Input, Select, SkeletonList, InteractiveFieldset } from "@/components/ui";
import { useCategories, useCreateCategory, useDeleteCategory, useMergeCategory, useRenameCategory, type CategoryDto } from "@/hooks/use-categories";
import { apiError, errorMessage } from "@/lib/api-client";
import { CATEGORY_MAX } from "@/lib/products/vocabulary";
import { formatCount } from "@/lib/format";
import { toast } from "@/lib/toast";

function productsLabel(count: number): string {
  return count === 1 ? "1 product" : `${formatCount(count)} products`;
}

/** The field error of a refused name, and the category the server said already has it (a merge target). */
function nameError(error: unknown): { message: string; existingId: string | null } {
  const body = apiError(error) as { fields?: Record<string, string[]>; categoryId?: string } | null;
  return { message: body?.fields?.name?.[0] ?? errorMessage(error), existingId: typeof body?.categoryId === "string" ? body.categoryId : null };
}

type Mode = { kind: "rename" | "merge"; id: string } | null;

/**
 * The business's managed list of categories (admins and editors): add, rename (every product follows),
 * merge one into another (its products move, it disappears) and delete an unused one. A dialog opened
 * from the products page.
 */
export function CategoryManager({ open, onClose }: { open: boolean; onClose: () => void }) {
  const categories = useCategories({ enabled: open });
  const create = useCreateCategory();
  const [newName, setNewName] = useState("");
  const [createError, setCreateError] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [mode, setMode] = useState<Mode>(null);

  const all = useMemo(() => categories.data?.results ?? [], [categories.data]);
  const shown = useMemo(() => {
    const wanted = filter.trim().toLowerCase();
    return wanted ? all.filter((category) => category.name.toLowerCase().includes(wanted)) : all;
  }, [all, filter]);

  const close = () => {
    setMode(null);
    setNewName("");
    setCreateError(null);
    setFilter("");
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="Categories"
      description="Products pick one of these. Renaming or merging a category changes it on every product at once."
      size="lg"
      footer={
        <Button variant="secondary" onClick={close}>
          Done
        </Button>
      }
    >
      <div className="space-y-5">
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const name = newName.trim();
            if (!name) {
              setCreateError("A name is required.");
              return;
            }
            create.mutate(name, {
              onSuccess: (category) => {
                setNewName("");
                setCreateError(null);
                toast.success(`Added the category “${category.name}”`);
              },
              onError: (error) => setCreateError(nameError(error).message),
            });
          }}
        >
          <InteractiveFieldset className="flex flex-wrap items-end gap-2">
            <FormField label="New category" error={createError} className="min-w-0 flex-1">
              <Input
                data-autofocus
                value={newName}
                maxLength={CATEGORY_MAX}
                onChange={(event) => {
                  setNewName(event.target.value);
                  setCreateError(null);
                }}
              />
            </FormField>
            <Button type="submit" loading={create.isPending}>
              Add
            </Button>
          </InteractiveFieldset>
        </form>

        {all.length > 8 ? (
          <FormField label="Find a category">
            <Input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
          </FormField>
        ) : null}

        {categories.isPending ? (
          <SkeletonList label="Loading categories" count={4} itemClassName="h-10" />
        ) : categories.isError ? (
          <ErrorState message={errorMessage(categories.error)} onRetry={() => categories.refetch()} retrying={categories.isFetching} />
        ) : all.length === 0 ? (
          <p className="text-sm text-fg-muted">No categories yet. Add one here, or let an import create them.</p>
        ) : (
          <ul aria-label="Categories" className="divide-y divide-border rounded-lg border border-border">
            {shown.map((category) => (
              <CategoryRow
                key={category.id}
                category={category}
                others={all.filter((other) => other.id !== category.id)}
                mode={mode?.id === category.id ? mode.kind : null}
                onMode={(kind) => setMode(kind ? { kind, id: category.id } : null)}
              />
            ))}
            {shown.length === 0 ? <li className="px-3 py-2 text-sm text-fg-muted">No category matches “{filter.trim()}”.</li> : null}
          </ul>
        )}
      </div>
    </Dialog>
  );
}

function CategoryRow({
  category,
  others,
  mode,
  onMode,
}: {
  category: CategoryDto;
  others: CategoryDto[];
  mode: "rename" | "merge" | null;
  onMode: (mode: "rename" | "merge" | null) => void;
}) {
  const nameId = useId();
  const rename = useRenameCategory();
  const merge = useMergeCategory();
  const remove = useDeleteCategory();
  const [draftName, setDraftName] = useState(category.name);
  const [renameError, setRenameError] = useState<{ message: string; existingId: string | null } | null>(null);
  const [into, setInto] = useState("");
  const [rowError, setRowError] = useState<string | null>(null);
  const clash = renameError?.existingId ? others.find((other) => other.id === renameError.existingId) : undefined;

  const doMerge = (targetId: string) => {
    const target = others.find((other) => other.id === targetId);
    merge.mutate(
      { id: category.id, into: targetId },
      {
        onSuccess: (result) => {
          onMode(null);
          toast.success(`Merged “${category.name}” into “${result.category.name}”: ${productsLabel(result.moved.products)} moved`);
        },
        onError: (error) => setRowError(errorMessage(error, `Could not merge into “${target?.name ?? "that category"}”.`)),
      },
    );
  };

  return (
    <li aria-labelledby={nameId} className="space-y-2 px-3 py-2.5" data-category-id={category.id}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p id={nameId} className="font-medium break-words text-fg">
            {category.name}
          </p>
          <p className="text-xs text-fg-muted">{productsLabel(category.productCount)}</p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Button
            size="sm"
            variant="secondary"
            aria-describedby={nameId}
            aria-expanded={mode === "rename"}
            onClick={() => {
              setDraftName(category.name);
              setRenameError(null);
              setRowError(null);
              onMode(mode === "rename" ? null : "rename");
            }}
          >
            Rename
          </Button>
          <Button
            size="sm"
            variant="secondary"
            aria-describedby={nameId}
            aria-expanded={mode === "merge"}
            disabled={others.length === 0}
            onClick={() => {
              setInto("");
              setRowError(null);
              onMode(mode === "merge" ? null : "merge");
            }}
          >
            Merge…
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-describedby={nameId}
            loading={remove.isPending}
            onClick={() => {
              setRowError(null);
              remove.mutate(category.id, {
                onSuccess: () => toast.success(`Deleted the category “${category.name}”`),
                onError: (error) => setRowError(errorMessage(error)),
              });
            }}
          >
            Delete
          </Button>
        </div>
      </div>

      {mode === "rename" ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const name = draftName.trim();
            if (!name) {
              setRenameError({ message: "A name is required.", existingId: null });
              return;
            }
            rename.mutate(
              { id: category.id, name },
              {
                onSuccess: (renamed) => {
                  onMode(null);
                  toast.success(`Renamed “${category.name}” to “${renamed.name}”`);
                },
                onError: (error) => setRenameError(nameError(error)),
              },
            );
          }}
        >
          <InteractiveFieldset className="space-y-2">
            <div className="flex flex-wrap items-end gap-2">
              <FormField label={`New name for “${category.name}”`} error={renameError?.message} className="min-w-0 flex-1">
                <Input
                  value={draftName}
                  maxLength={CATEGORY_MAX}
                  autoFocus
                  onChange={(event) => {
                    setDraftName(event.target.value);
                    setRenameError(null);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === "Escape") {
                      // Leave the row's edit, not the whole dialog.
                      event.preventDefault();
                      event.stopPropagation();
                      onMode(null);
                    }
                  }}
                />
              </FormField>
              <Button type="submit" size="md" loading={rename.isPending}>
                Save
              </Button>
              <Button type="button" variant="ghost" onClick={() => onMode(null)}>
                Cancel
              </Button>
            </div>
            {clash ? (
              <Button type="button" variant="secondary" size="sm" loading={merge.isPending} onClick={() => doMerge(clash.id)}>
                Merge “{category.name}” into “{clash.name}”
              </Button>
            ) : null}
          </InteractiveFieldset>
        </form>
      ) : null}

      {mode === "merge" ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!into) {
              setRowError("Choose the category to merge into.");
              return;
            }
            doMerge(into);
          }}
        >
          <InteractiveFieldset className="space-y-2">
            <div className="flex flex-wrap items-end gap-2">
              <FormField label={`Merge “${category.name}” into`} className="min-w-0 flex-1">
                <Select autoFocus value={into} onChange={(event) => setInto(event.target.value)}>
                  <option value="">Choose a category…</option>
                  {others.map((other) => (
                    <option key={other.id} value={other.id}>
                      {other.name} ({productsLabel(other.productCount)})
                    </option>
                  ))}
                </Select>
              </FormField>
              <Button type="submit" loading={merge.isPending}>
                Merge
              </Button>
              <Button type="button" variant="ghost" onClick={() => onMode(null)}>
                Cancel
              </Button>
            </div>
            <p className="text-xs text-fg-muted">
              {productsLabel(category.productCount)} will move to the chosen category and “{category.name}” will be removed.
            </p>
          </InteractiveFieldset>
        </form>
      ) : null}

      {rowError ? (
        <p role="alert" className="text-sm font-medium text-danger-fg">
          {rowError}
        </p>
      ) : null}
    </li>
  );
}
