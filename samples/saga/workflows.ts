// Saga: book a car, a hotel and a flight; if a step fails, undo the steps that succeeded, newest
// first, and fail with the reason. Compensations run even if the workflow is being cancelled.
import { ApplicationFailure, CancellationScope, proxyActivities } from '@rewind/sdk/workflow';
import type * as activities from './activities';

export interface Trip {
  id: string;
  traveller: string;
  destination: string;
}

const { reserveCar, cancelCar, bookHotel, cancelHotel, bookFlight, cancelFlight } = proxyActivities<typeof activities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3 },
});

export async function bookTrip(trip: Trip): Promise<string[]> {
  const compensations: (() => Promise<void>)[] = [];
  try {
    const car = await reserveCar(trip);
    compensations.unshift(() => cancelCar(car));
    const hotel = await bookHotel(trip);
    compensations.unshift(() => cancelHotel(hotel));
    const flight = await bookFlight(trip);
    compensations.unshift(() => cancelFlight(flight));
    return [car, hotel, flight];
  } catch (err) {
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations) await compensate();
    });
    const reason = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw ApplicationFailure.nonRetryable(
      `Trip ${trip.id} not booked (${reason}); ${compensations.length} step(s) undone`,
      'TripNotBooked',
    );
  }
}
