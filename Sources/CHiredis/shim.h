#ifndef ECOM_CHIREDIS_SHIM_H
#define ECOM_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
