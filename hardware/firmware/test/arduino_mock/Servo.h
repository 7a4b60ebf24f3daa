// The Servo library's interface on the host: records the pulse width each servo was last given.
#ifndef DRL_SERVO_MOCK_H
#define DRL_SERVO_MOCK_H

#include <stdint.h>

class Servo {
public:
    uint8_t attach(int pin, int min_us, int max_us) {
        attached_pin = pin;
        min_pulse = min_us;
        max_pulse = max_us;
        return 1;
    }
    void writeMicroseconds(int value) {
        // Like the library: clamp to the attached range.
        pulse_us = value < min_pulse ? min_pulse : value > max_pulse ? max_pulse : value;
        writes++;
    }

    int attached_pin = -1;
    int min_pulse = 544;
    int max_pulse = 2400;
    int pulse_us = 0;
    long writes = 0;
};

#endif
