// The large-text setting: stored on the device (a setting of this screen, not of the account) and applied
// as a class on <html>, so every rem-based size grows together and the page reflows instead of zooming.
export type TextSize = 'normal' | 'large' | 'largest';
export const TEXT_SIZES: readonly TextSize[] = ['normal', 'large', 'largest'];
const KEY = 'hemma.textSize';

export function storedTextSize(): TextSize {
  try {
    const v = localStorage.getItem(KEY);
    return TEXT_SIZES.includes(v as TextSize) ? (v as TextSize) : 'normal';
  } catch {
    return 'normal';
  }
}

export function applyTextSize(size: TextSize): void {
  const root = document.documentElement;
  for (const s of TEXT_SIZES) root.classList.toggle(`text-${s}`, s === size && s !== 'normal');
}

export function setTextSize(size: TextSize): void {
  try {
    localStorage.setItem(KEY, size);
  } catch {
    /* storage blocked: the choice applies until the page is closed */
  }
  applyTextSize(size);
}
