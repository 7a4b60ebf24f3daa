// Just enough of the Arduino API, on the host, to compile and run drl_link.ino in sketch_host_test.cpp: a serial port
// with byte queues, a settable clock, recorded pin writes and settable analog inputs.
#ifndef DRL_ARDUINO_MOCK_H
#define DRL_ARDUINO_MOCK_H

#include <stddef.h>
#include <stdint.h>

#include <deque>
#include <vector>

#define HIGH 1
#define LOW 0
#define OUTPUT 1
#define INPUT 0

class MockSerial {
public:
    void begin(unsigned long baud) { baud_rate = baud; }
    int available() { return (int)incoming.size(); }
    int read() {
        if (incoming.empty()) return -1;
        uint8_t b = incoming.front();
        incoming.pop_front();
        return b;
    }
    size_t write(const uint8_t* data, size_t length) {
        outgoing.insert(outgoing.end(), data, data + length);
        return length;
    }

    unsigned long baud_rate = 0;
    std::deque<uint8_t> incoming;   // what the host sent, not yet read by the sketch
    std::vector<uint8_t> outgoing;  // what the sketch wrote
};

extern MockSerial Serial;

// The mock clock and pins, set and read by the test.
extern unsigned long mock_micros;
extern int mock_analog[16];
extern int mock_digital[70];
extern int mock_pwm[70];

unsigned long micros();
int analogRead(uint8_t pin);
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
void analogWrite(uint8_t pin, int value);

#endif
