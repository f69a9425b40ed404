#ifndef DHSCOPE_CNCURSES_SHIM_H
#define DHSCOPE_CNCURSES_SHIM_H
// The wide-character API needs these before <curses.h>.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

// Function-like macros do not import into Swift.
static inline int dh_color_pair(int n) { return COLOR_PAIR(n); }
static inline int dh_key_resize(void) { return KEY_RESIZE; }
static inline int dh_key_mouse(void) { return KEY_MOUSE; }

// For the TUI backend: globals that may be macros in reentrant builds, and masks built by macros.
static inline WINDOW *dh_stdscr(void) { return stdscr; }
static inline FILE *dh_stdout(void) { return stdout; }
static inline FILE *dh_stdin(void) { return stdin; }
static inline int dh_colors(void) { return COLORS; }
static inline int dh_color_pairs(void) { return COLOR_PAIRS; }
static inline mmask_t dh_button1_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_RELEASED; }
static inline int dh_is_button1(mmask_t state) { return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
static inline int dh_key_code_yes(void) { return KEY_CODE_YES; }
// A one-character cchar_t with an extended colour pair (pairs beyond 255 go through opts).
static inline int dh_set_cell(cchar_t *cell, wchar_t ch, attr_t attrs, int pair) {
    wchar_t text[2] = { ch, 0 };
    return setcchar(cell, text, attrs, 0, &pair);
}
static inline attr_t dh_attr_bold(void) { return A_BOLD; }
static inline attr_t dh_attr_reverse(void) { return A_REVERSE; }
static inline attr_t dh_attr_underline(void) { return A_UNDERLINE; }

// Facts of a terminfo entry, read without opening a screen (setupterm on a private
// TERMINAL that is freed again). Returns 1 when the entry exists, 0 otherwise.
// colors: the colors# number (-1 when absent); rgb: 1 when the entry has RGB (boolean,
// number or string) or colors >= 2^24; mouse: 1 when it has kmous.
#include <ncursesw/term.h>
static inline int dh_terminfo_facts(const char *name, int *colors, int *rgb, int *mouse) {
    int status = 0;
    TERMINAL *saved = cur_term;
    if (setupterm((char *)name, -1, &status) != OK) {
        set_curterm(saved);
        return 0;
    }
    TERMINAL *probe = cur_term;
    *colors = tigetnum("colors");
    char *rgbString = tigetstr("RGB");
    *rgb = tigetflag("RGB") == 1 || tigetnum("RGB") > 0
        || (rgbString != 0 && rgbString != (char *)-1) || *colors >= 0x1000000;
    char *kmous = tigetstr("kmous");
    *mouse = kmous != 0 && kmous != (char *)-1;
    set_curterm(saved);
    del_curterm(probe);
    return 1;
}
#endif
