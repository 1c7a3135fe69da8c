#ifndef EXP_CZLIB_SHIM_H
#define EXP_CZLIB_SHIM_H
#include <zlib.h>

/// deflateInit2 and inflateInit2 are macros that Swift cannot call; these wrappers pass the
/// library's version and stream size as the macros do.
static inline int czlib_deflate_init2(z_streamp stream, int level, int windowBits, int memLevel, int strategy) {
    return deflateInit2_(stream, level, Z_DEFLATED, windowBits, memLevel, strategy, ZLIB_VERSION, (int)sizeof(z_stream));
}

static inline int czlib_inflate_init2(z_streamp stream, int windowBits) {
    return inflateInit2_(stream, windowBits, ZLIB_VERSION, (int)sizeof(z_stream));
}
#endif
