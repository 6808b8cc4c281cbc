# One place for compiler flags that every target of the project shares.
add_library(guildhall_warnings INTERFACE)
target_compile_options(guildhall_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wcast-align -Wimplicit-fallthrough
  # GCC 12 reports false -Wrestrict positives inside std::string at -O2 (GCC bug 105651).
  -Wno-restrict)
if(GUILDHALL_WERROR)
  target_compile_options(guildhall_warnings INTERFACE -Werror)
endif()
if(GUILDHALL_SANITIZE)
  # vptr checks need RTTI of SOCI internals that Debian builds without exported typeinfo.
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
