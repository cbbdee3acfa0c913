/** The items of a ResourceList the functions wrote: from `items:` to the end, where every writer puts them. */
export function itemsSection(text: string): string {
  const start = text.search(/^items:/m);
  if (start < 0) throw new Error(`no items in the output:\n${text}`);
  return text.slice(start);
}
