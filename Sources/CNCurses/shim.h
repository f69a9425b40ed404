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
#endif
