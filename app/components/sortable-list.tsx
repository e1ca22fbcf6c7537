import { useFetcher } from "@remix-run/react";
import { useState, type ReactNode } from "react";

/**
 * A list that can be reordered by drag and drop (mouse) or with the move
 * buttons each row renders (keyboard). A drop posts the whole new order to
 * `action` with `intent` and `order` (ids joined by commas) in one request.
 */
export function SortableList<T extends { id: string }>({
  items,
  action,
  intent,
  extra = {},
  label,
  renderItem,
}: {
  items: T[];
  action: string;
  intent: string;
  extra?: Record<string, string>;
  label: string;
  renderItem: (item: T, index: number) => ReactNode;
}) {
  const fetcher = useFetcher();
  const [dragging, setDragging] = useState<string | null>(null);
  const [order, setOrder] = useState<string[] | null>(null);
  const ids = order ?? items.map((i) => i.id);
  const byId = new Map(items.map((i) => [i.id, i]));
  const shown = ids.map((id) => byId.get(id)).filter((i): i is T => Boolean(i));
  return (
    <ol aria-label={label} className="space-y-2">
      {shown.map((item, index) => (
        <li
          key={item.id}
          draggable
          onDragStart={() => setDragging(item.id)}
          onDragOver={(e) => {
            e.preventDefault();
            if (!dragging || dragging === item.id) return;
            const next = ids.filter((id) => id !== dragging);
            next.splice(next.indexOf(item.id) + (ids.indexOf(dragging) < ids.indexOf(item.id) ? 1 : 0), 0, dragging);
            setOrder(next);
          }}
          onDragEnd={() => {
            setDragging(null);
            if (order) fetcher.submit({ ...extra, order: order.join(",") }, { method: "post", action: `${action}?intent=${intent}` });
          }}
          className={dragging === item.id ? "opacity-60" : undefined}
        >
          {renderItem(item, index)}
        </li>
      ))}
    </ol>
  );
}
