/** Fen as the console shows money: ¥12.30. */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/** What an agent typed in yuan ("12.3", "12.30", "１２"), in fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const normalized = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  return Math.round(Number(normalized) * 100);
}
