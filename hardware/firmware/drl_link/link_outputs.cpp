// Implementation of link_outputs.h.
#include "link_outputs.h"

#include "link_codec.h"

uint16_t link_pulse_us(int16_t q, uint16_t min_us, uint16_t neutral_us, uint16_t max_us) {
    int32_t value = q < -LINK_FULL_SCALE ? -LINK_FULL_SCALE : q;
    int32_t span = value >= 0 ? (int32_t)max_us - neutral_us : (int32_t)neutral_us - min_us;
    // Round half away from zero, in integers: an AVR has no FPU.
    int32_t scaled = value * span;
    int32_t offset = scaled >= 0 ? (scaled + LINK_FULL_SCALE / 2) / LINK_FULL_SCALE
                                 : -((-scaled + LINK_FULL_SCALE / 2) / LINK_FULL_SCALE);
    return (uint16_t)((int32_t)neutral_us + offset);
}

uint16_t link_bridge_duty(int16_t q, uint16_t max_duty, bool* forward) {
    int32_t value = q < -LINK_FULL_SCALE ? -LINK_FULL_SCALE : q;
    *forward = value > 0;
    int32_t magnitude = value < 0 ? -value : value;
    return (uint16_t)((magnitude * max_duty + LINK_FULL_SCALE / 2) / LINK_FULL_SCALE);
}
