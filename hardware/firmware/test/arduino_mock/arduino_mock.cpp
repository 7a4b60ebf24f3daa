// State of the host-side Arduino mock (see Arduino.h).
#include "Arduino.h"

MockSerial Serial;
unsigned long mock_micros = 0;
int mock_analog[16] = {0};
int mock_digital[70] = {0};
int mock_pwm[70] = {0};

unsigned long micros() { return mock_micros; }
int analogRead(uint8_t pin) { return mock_analog[pin]; }
void pinMode(uint8_t, uint8_t) {}
void digitalWrite(uint8_t pin, uint8_t value) { mock_digital[pin] = value; }
void analogWrite(uint8_t pin, int value) { mock_pwm[pin] = value; }
