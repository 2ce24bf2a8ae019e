// The PKCS#11 (Cryptoki) C API from the system's p11-kit headers (Debian: libp11-kit-dev,
// pkg-config p11-kit-1). Only the types and constants are used: the module itself is opened
// at run time with dlopen and reached through C_GetFunctionList.
#include <p11-kit/pkcs11.h>
