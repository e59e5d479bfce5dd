/** 0.2 -> "20%", 0.123 -> "12.3%": shares of traffic as people read them. */
export function percent(share: number): string {
  const value = share * 100;
  const text = Number.isInteger(value) ? value.toFixed(0) : Math.abs(value) < 10 ? value.toFixed(2) : value.toFixed(1);
  return `${text.replace(/\.?0+$/, (m) => (m.startsWith(".") ? "" : m))}%`;
}

/** A difference in percentage points with its sign: "+1.2 pp", "−0.4 pp". */
export function points(difference: number): string {
  const value = difference * 100;
  const sign = value > 0.005 ? "+" : value < -0.005 ? "−" : "±";
  return `${sign}${Math.abs(value).toFixed(2)} pp`;
}
