// The wx headers the kiosk UI uses, in one place (included as system headers by CMake).
#pragma once

#include <wx/wx.h>
#include <wx/tglbtn.h>
#include <wx/scrolwin.h>
#include <wx/weakref.h>
#include <wx/translation.h>
