"use client";

import dynamic from "next/dynamic";

/** The buy box, loaded only for a signed-in member: a visitor's product page never downloads the purchase code. */
export const MemberBuyBox = dynamic(() => import("./buy-box").then((module) => module.BuyBox));
