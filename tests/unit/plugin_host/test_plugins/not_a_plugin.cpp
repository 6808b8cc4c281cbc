// An ordinary shared library: loadable, but with no Guildhall manifest.
extern "C" __attribute__((visibility("default"))) int ph_add(int a, int b) {
  return a + b;
}
