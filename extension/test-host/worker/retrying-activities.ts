// The activity of the host tests' retrying workflow: it always fails, with a retryable failure.
import { ApplicationFailure } from '@rewind/sdk/common';

export async function chargeCard(orderId: string): Promise<string> {
  throw ApplicationFailure.retryable(`the payment service is unavailable (order ${orderId})`, 'PaymentUnavailable');
}
