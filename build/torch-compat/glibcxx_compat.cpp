// Compatibility shim for libstdc++ builds older than GCC 13 (Debian 12, Ubuntu 22.04).
//
// TorchSharp's native library was compiled with GCC 13, whose <iostream> makes every object that includes it
// reference std::ios_base_library_init()@GLIBCXX_3.4.32, a symbol that only exists so that such objects refuse to
// load against an older libstdc++, where the standard streams are constructed by a static std::ios_base::Init in
// each translation unit rather than by the library itself. The patched TorchSharp library lists this shim as a
// dependency, so loading it brings both the symbol and, through the #include below, the static Init object that
// constructs std::cout and friends before any code of the patched library runs.
#include <iostream>

namespace std
{
__attribute__((visibility("default"))) void ios_base_library_init();
void ios_base_library_init() {}
}
