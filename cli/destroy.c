#include "cli.h"
int ms_cmd_destroy(int argc, char **argv) { (void)argc; (void)argv; return 2; }
