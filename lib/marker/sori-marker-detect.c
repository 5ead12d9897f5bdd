/* placeholder until the detector lands: finds nothing */
#include "sori-marker.h"
size_t
sori_marker_workspace_size(int width, int height)
{
	if (width < SORI_MARKER_FRAME_MIN || height < SORI_MARKER_FRAME_MIN ||
	    width > SORI_MARKER_FRAME_MAX || height > SORI_MARKER_FRAME_MAX)
		return 0;
	return 16;
}
int
sori_marker_detect(const uint8_t *grey, int width, int height, int stride,
		   const SoriMarkerCamera *camera, void *workspace, size_t workspace_size,
		   SoriMarkerDetection *out, int out_max)
{
	return 0;
}
int
sori_marker_clock_from_bearing(double bearing_deg)
{
	return 12;
}
