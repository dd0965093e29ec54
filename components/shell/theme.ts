/** Where the reader's choice lives; absent means "follow the system". */
export const THEME_STORAGE_KEY = 'partner-portal:theme';
export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/**
 * Runs in <head> before the first paint (an inline script: the CSP allows inline scripts): sets the
 * `dark` class from the stored choice or the system setting, so a dark page never flashes light.
 */
export const themeBootScript = `(function(){try{var c=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});var d=c==='dark'||(c!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;
