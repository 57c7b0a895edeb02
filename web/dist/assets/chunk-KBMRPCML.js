import{a}from"./chunk-5BQVK6F7.js";import"./chunk-ATBBQCLR.js";export{a as computeLayout};
