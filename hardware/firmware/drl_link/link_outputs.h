// How a wire value (int16 fraction about neutral, see PROTOCOL.md) becomes an ESC pulse or an H-bridge duty cycle.
// Portable and integer-only, so the host test checks the mapping the board uses.
#ifndef DRL_LINK_OUTPUTS_H
#define DRL_LINK_OUTPUTS_H

#include <stdint.h>

// Pulse width in microseconds: neutral_us at q = 0, max_us at +32767, min_us at -32767 (and -32768).
uint16_t link_pulse_us(int16_t q, uint16_t min_us, uint16_t neutral_us, uint16_t max_us);

// H-bridge: duty 0..max_duty proportional to |q| (rounded), forward when q > 0. q = 0 gives duty 0 (coast).
uint16_t link_bridge_duty(int16_t q, uint16_t max_duty, bool* forward);

#endif
