// The saga sample's activities: book and cancel a car, a hotel and a flight. A trip whose
// destination is "Atlantis" cannot get a flight (a non-retryable failure), to show compensation.
import { ApplicationFailure } from '@rewind/sdk/activity';
import type { Trip } from './workflows';

/** What was done, in order (the test reads it; the worker logs it). */
export const ledger: string[] = [];

function record(line: string): void {
  ledger.push(line);
  console.log(`[saga] ${line}`);
}

export async function reserveCar(trip: Trip): Promise<string> {
  record(`car reserved for ${trip.traveller}`);
  return `car-${trip.id}`;
}
export async function cancelCar(reservation: string): Promise<void> {
  record(`car cancelled: ${reservation}`);
}

export async function bookHotel(trip: Trip): Promise<string> {
  record(`hotel booked in ${trip.destination}`);
  return `hotel-${trip.id}`;
}
export async function cancelHotel(booking: string): Promise<void> {
  record(`hotel cancelled: ${booking}`);
}

export async function bookFlight(trip: Trip): Promise<string> {
  if (trip.destination === 'Atlantis') throw ApplicationFailure.nonRetryable(`no flights to ${trip.destination}`, 'NoFlights');
  record(`flight booked to ${trip.destination}`);
  return `flight-${trip.id}`;
}
export async function cancelFlight(booking: string): Promise<void> {
  record(`flight cancelled: ${booking}`);
}
