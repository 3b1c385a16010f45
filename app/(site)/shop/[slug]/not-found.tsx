import { ShopNotFound } from "@/components/shop/shop-not-found";

export default ShopNotFound;
