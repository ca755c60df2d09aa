// The whole public API of booking in one include.
#pragma once

#include "booking/alternatives.h"
#include "booking/availability.h"
#include "booking/clinic.h"
#include "booking/config.h"
#include "booking/conflicts.h"
#include "booking/error.h"
#include "booking/error_codes.h"
#include "booking/format.h"
#include "booking/interval_set.h"
#include "booking/json_api.h"
#include "booking/overlaps.h"
#include "booking/schedule.h"
#include "booking/simulate.h"
#include "booking/time.h"
#include "booking/version.h"
#include "booking/zone.h"
