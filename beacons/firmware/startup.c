/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reset and the vector table for the nRF52832, and the two C library
 * functions the compiler may call in a freestanding build.
 */

#include <stddef.h>
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[],
	__stack_top[];

int main(void);

void
reset_handler(void)
{
	uint32_t *src = __data_load;
	for (uint32_t *dst = __data_start; dst < __data_end;)
		*dst++ = *src++;
	for (uint32_t *dst = __bss_start; dst < __bss_end;)
		*dst++ = 0;
	main();
	for (;;)
		__asm__ volatile("wfi");
}

static void
default_handler(void)
{
	/* a fault: stop here, where a debugger finds it; the watchdog is not used */
	for (;;)
		__asm__ volatile("wfi");
}

/* the core's 16 entries and the nRF52832's 39 interrupts */
__attribute__((section(".isr_vector"), used)) static const void *const vectors[16 + 39] = {
	[0] = __stack_top,
	[1] = (const void *) reset_handler,
	[2 ... 16 + 38] = (const void *) default_handler,
};

void *
memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t) c;
	return dst;
}
