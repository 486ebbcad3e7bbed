import { OrdersScreen } from "@/components/orders/orders-screen";

export default function OrdersPage() {
  return <OrdersScreen />;
}
