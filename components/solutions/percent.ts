/** 0.2 -> "20%", 0.123 -> "12.3%": shares of traffic as people read them. */
export function percent(share: number): string {
  const value = share * 100;
  // Number() drops trailing zeros: 7.10 -> 7.1, 20.0 -> 20.
  return `${Number(value.toFixed(Math.abs(value) < 10 ? 2 : 1))}%`;
}

/** A difference in percentage points with its sign: "+1.2 pp", "−0.4 pp". */
export function points(difference: number): string {
  const value = difference * 100;
  const sign = value > 0.005 ? "+" : value < -0.005 ? "−" : "±";
  return `${sign}${Math.abs(value).toFixed(2)} pp`;
}
